"""One person: their status label (Contact / Lead / Client), leads, clients and tags, and moving them
contact → lead → client and back to contact."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete
from sqlmodel import Session, col, or_, select

from models import (
    ActivityKind,
    Client,
    Contact,
    ContactRead,
    ContactTag,
    Lead,
    LeadRead,
    Stage,
    StageKind,
    Tag,
    TagRead,
    User,
    UserRead,
)
from services import access, activities, db, events, leads
from services.errors import Conflict, Forbidden, NotFound
from services.leads import can_work, visible

BACK_TO_CONTACT = 'back to contact'


class Status(StrEnum):
    CONTACT = 'Contact'
    LEAD = 'Lead'
    CLIENT = 'Client'


class ContactLead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    stage_name: str
    stage_color: str
    stage_kind: StageKind
    owner_name: str
    client_id: int | None
    created_at: datetime
    can_open: bool


class ClientLink(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str


class ContactDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    contact: ContactRead
    status: Status
    tags: tuple[TagRead, ...]
    leads: tuple[ContactLead, ...]
    clients: tuple[ClientLink, ...]
    open_lead_id: int | None


def _clients_of(s: Session, contact_id: int) -> list[Client]:
    """Clients the person belongs to: as primary contact, or through a converted lead."""
    won_client_ids = (
        select(Lead.client_id)
        .join(Stage, col(Stage.id) == col(Lead.stage_id))
        .where(col(Lead.contact_id) == contact_id, col(Stage.kind) == StageKind.WON)
    )
    return list(
        s.exec(
            select(Client)
            .where(or_(col(Client.primary_contact_id) == contact_id, col(Client.id).in_(won_client_ids)))
            .order_by(col(Client.name))
        ).all()
    )


def _open_leads(s: Session, contact_id: int) -> list[Lead]:
    return list(
        s.exec(
            select(Lead)
            .join(Stage, col(Stage.id) == col(Lead.stage_id))
            .where(col(Lead.contact_id) == contact_id, col(Stage.kind) == StageKind.OPEN)
            .order_by(col(Lead.id))
        ).all()
    )


def status_of(s: Session, contact_id: int) -> Status:
    if _clients_of(s, contact_id):
        return Status.CLIENT
    return Status.LEAD if _open_leads(s, contact_id) else Status.CONTACT


def _tags(s: Session, contact_id: int) -> list[TagRead]:
    rows = s.exec(
        select(Tag)
        .join(ContactTag, col(ContactTag.tag_id) == col(Tag.id))
        .where(col(ContactTag.contact_id) == contact_id)
        .order_by(col(Tag.name_norm))
    ).all()
    return [TagRead.model_validate(t) for t in rows]


def _load(s: Session, contact_id: int) -> Contact:
    contact = s.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f'Contact #{contact_id} does not exist (it may have been deleted or merged).')
    return contact


def get_contact(*, actor: UserRead, contact_id: int) -> ContactDetail:
    with db.session() as s:
        user = access.current(s, actor)
        contact = _load(s, contact_id)
        seen = set(s.exec(select(Lead.id).where(col(Lead.contact_id) == contact_id, visible(user))).all())
        rows = s.exec(
            select(Lead, Stage, User.display_name)
            .join(Stage, col(Stage.id) == col(Lead.stage_id))
            .join(User, col(User.id) == col(Lead.owner_id), isouter=True)
            .where(col(Lead.contact_id) == contact_id)
            .order_by(col(Lead.created_at).desc())
        ).all()
        items = tuple(
            ContactLead(
                id=lead.id,
                stage_name=stage.name,
                stage_color=stage.color,
                stage_kind=StageKind(stage.kind),
                owner_name=owner or '',
                client_id=lead.client_id,
                created_at=lead.created_at,
                can_open=lead.id in seen,
            )
            for lead, stage, owner in rows
        )
        open_ids = [i.id for i in items if i.stage_kind == StageKind.OPEN]
        return ContactDetail(
            contact=ContactRead.model_validate(contact),
            status=status_of(s, contact_id),
            tags=tuple(_tags(s, contact_id)),
            leads=items,
            clients=tuple(ClientLink(id=c.id, name=c.name) for c in _clients_of(s, contact_id)),
            open_lead_id=min(open_ids) if open_ids else None,
        )


def tags_of(*, actor: UserRead, contact_id: int) -> list[TagRead]:
    with db.session() as s:
        access.current(s, actor)
        _load(s, contact_id)
        return _tags(s, contact_id)


def _may_edit(s: Session, user: User, contact_id: int) -> bool:
    if user.can_manage_leads:
        return True
    own = s.exec(select(Lead).where(col(Lead.contact_id) == contact_id)).all()
    return any(can_work(user, lead) for lead in own) or (user.can_create_leads and not own)


def set_tags(*, actor: UserRead, contact_id: int, tag_ids: list[int]) -> list[TagRead]:
    """Replace the person's tags (the tag editor); logs what was added and removed."""
    with db.session() as s:
        user = access.current(s, actor)
        _load(s, contact_id)
        if not _may_edit(s, user, contact_id):
            raise Forbidden('Only someone working this person’s lead (or a manager) can change their tags.')
        wanted = set(tag_ids)
        known = {t.id: t for t in s.exec(select(Tag).where(col(Tag.id).in_(wanted))).all()} if wanted else {}
        if set(known) != wanted:
            raise NotFound('One of those tags no longer exists. Please pick again.')
        before = {t.id: t for t in _tags(s, contact_id)}
        added, removed = wanted - set(before), set(before) - wanted
        if not added and not removed:
            return list(before.values())
        if removed:
            s.exec(
                delete(ContactTag).where(
                    col(ContactTag.contact_id) == contact_id, col(ContactTag.tag_id).in_(removed)
                )
            )
        if added:
            s.add_all(ContactTag(contact_id=contact_id, tag_id=t) for t in added)
        parts = [f'+{known[t].name}' for t in sorted(added)] + [f'−{before[t].name}' for t in sorted(removed)]
        lead_ids = set(s.exec(select(Lead.id).where(col(Lead.contact_id) == contact_id)).all())
        stage_ids = set(s.exec(select(Lead.stage_id).where(col(Lead.contact_id) == contact_id)).all())
        activities.record(
            s,
            kind=ActivityKind.TAGS,
            actor_id=user.id,
            contact_id=contact_id,
            lead_id=min(lead_ids) if len(lead_ids) == 1 else None,
            summary='Tags: ' + ' '.join(parts),
            data={'added': sorted(added), 'removed': sorted(removed)},
        )
        s.commit()
        result = _tags(s, contact_id)
    events.publish(events.ContactsChanged(frozenset({contact_id}), 'tagged', actor.id))
    if lead_ids:
        events.publish(events.LeadsChanged(frozenset(lead_ids), 'tagged', frozenset(stage_ids), actor.id))
    return result


def make_lead(*, actor: UserRead, contact_id: int) -> LeadRead:
    """Contact → Lead: a new lead in New for this person (refused if they already have an open one)."""
    with db.session() as s:
        user = access.require(s, actor, 'create_leads')
        contact = _load(s, contact_id)
        if _open_leads(s, contact_id):
            raise Conflict(f'{contact.name} already has an open lead.')
        data = {
            'name': contact.name,
            'email': contact.email,
            'phone': contact.phone,
            'company': contact.company,
        }
        data['source'] = contact.source
        data['owner_id'] = None if user.can_manage_leads else user.id
    return leads.create_lead(actor=actor, data=data, contact_id=contact_id)


def back_to_contact(*, actor: UserRead, contact_id: int) -> list[LeadRead]:
    """Lead → Contact: every open lead of the person goes to Lost with the reason "back to contact"."""
    with db.session() as s:
        access.current(s, actor)
        _load(s, contact_id)
        lost = s.exec(
            select(Stage).where(col(Stage.kind) == StageKind.LOST).order_by(col(Stage.position))
        ).first()
        open_ids = [lead.id for lead in _open_leads(s, contact_id)]
    if lost is None:
        raise Conflict('There is no Lost stage to move the lead to.')
    if not open_ids:
        raise Conflict('This person has no open lead to close.')
    return [
        leads.move_lead(actor=actor, lead_id=lead_id, stage_id=lost.id, lost_reason=BACK_TO_CONTACT)
        for lead_id in open_ids
    ]
