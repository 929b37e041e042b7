"""Bulk actions of the contacts table, on the selected rows or on "all N matching" a filter."""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, func, insert, update
from sqlmodel import Session, col, select

from models import (
    Activity,
    ActivityKind,
    Client,
    Contact,
    ContactTag,
    Lead,
    MergeRecord,
    Stage,
    StageKind,
    Tag,
    User,
    UserRead,
)
from services import access, activities, clock, db, events, search
from services.contact_filter import ContactFilter
from services.contact_list import matching_ids
from services.errors import Invalid, NotFound

CHUNK = 900  # stays under every database's bound-parameter limit


class Selection(BaseModel):
    """Chosen rows (`ids`), or everything a filter matches (`filters`), as the table's "Select all N"."""

    model_config = ConfigDict(frozen=True)

    ids: tuple[int, ...] = ()
    filters: ContactFilter | None = None


class DeleteImpact(BaseModel):
    model_config = ConfigDict(frozen=True)

    contacts: int
    leads: int
    activities: int
    clients: int  # clients that lose their primary contact (the client itself stays)

    @property
    def message(self) -> str:
        parts = [f'{self.contacts} contact{"s" if self.contacts != 1 else ""}']
        if self.leads:
            parts.append(f'{self.leads} lead{"s" if self.leads != 1 else ""}')
        if self.activities:
            parts.append(f'{self.activities} timeline entr{"ies" if self.activities != 1 else "y"}')
        text = 'This deletes ' + ', '.join(parts[:-1]) + (' and ' if len(parts) > 1 else '') + parts[-1] + '.'
        if self.clients:
            text += f' {self.clients} client{"s" if self.clients != 1 else ""} will have no primary contact.'
        return text + ' It cannot be undone.'


def resolve(s: Session, selection: Selection) -> list[int]:
    if selection.filters is not None:
        return matching_ids(s, selection.filters)
    wanted = sorted(set(selection.ids))
    found: list[int] = []
    for chunk in _chunks(wanted):
        found += s.execute(select(Contact.id).where(col(Contact.id).in_(chunk))).scalars().all()
    return sorted(found)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _tag(s: Session, tag_id: int) -> Tag:
    tag = s.get(Tag, tag_id)
    if tag is None:
        raise NotFound('That tag no longer exists.')
    return tag


def add_tag(*, actor: UserRead, selection: Selection, tag_id: int) -> int:
    """Tag every selected contact; returns how many got the tag (those who had it are skipped)."""
    with db.session() as s:
        access.current(s, actor)
        _tag(s, tag_id)
        ids = resolve(s, selection)
        added = 0
        for chunk in _chunks(ids):
            have = set(
                s.execute(
                    select(ContactTag.contact_id).where(
                        col(ContactTag.contact_id).in_(chunk), ContactTag.tag_id == tag_id
                    )
                ).scalars()
            )
            rows = [{'contact_id': i, 'tag_id': tag_id} for i in chunk if i not in have]
            if rows:
                s.execute(insert(ContactTag), rows)
                added += len(rows)
        s.commit()
    if ids:
        events.publish(events.ContactsChanged(frozenset(ids), 'tags', actor.id))
    return added


def remove_tag(*, actor: UserRead, selection: Selection, tag_id: int) -> int:
    with db.session() as s:
        access.current(s, actor)
        _tag(s, tag_id)
        ids = resolve(s, selection)
        removed = 0
        for chunk in _chunks(ids):
            result = s.execute(
                delete(ContactTag).where(col(ContactTag.contact_id).in_(chunk), ContactTag.tag_id == tag_id)
            )
            removed += result.rowcount or 0
        s.commit()
    if ids:
        events.publish(events.ContactsChanged(frozenset(ids), 'tags', actor.id))
    return removed


def assign_owner(*, actor: UserRead, selection: Selection, owner_id: int | None) -> int:
    """Give the open leads of the selected contacts to a user (Manage Leads); returns how many changed."""
    now = clock.now()
    with db.session() as s:
        user = access.require(s, actor, 'manage_leads')
        owner = s.get(User, owner_id) if owner_id is not None else None
        if owner_id is not None and (owner is None or not owner.active):
            raise Invalid('The chosen user is not an active user.')
        if owner is not None and not (owner.can_manage_leads or owner.can_create_leads or owner.is_admin):
            raise Invalid(
                f'{owner.display_name} has no lead permissions, so they could not work these leads.'
            )
        target = owner.display_name if owner is not None else 'the pool'
        open_stages = select(Stage.id).where(Stage.kind == StageKind.OPEN)
        changed: list[Lead] = []
        for chunk in _chunks(resolve(s, selection)):
            leads = s.exec(
                select(Lead).where(col(Lead.contact_id).in_(chunk), col(Lead.stage_id).in_(open_stages))
            ).all()
            for lead in leads:
                if lead.owner_id == owner_id and lead.claimed_by_id is None:
                    continue
                lead.owner_id = owner_id
                lead.claimed_by_id = lead.claimed_at = lead.claim_expires_at = None
                lead.updated_at, lead.updated_by_id, lead.version = now, user.id, lead.version + 1
                s.add(lead)
                activities.record(
                    s,
                    kind=ActivityKind.ASSIGNMENT,
                    actor_id=user.id,
                    contact_id=lead.contact_id,
                    lead_id=lead.id,
                    summary=f'Assigned to {target} by {user.display_name} (bulk action)',
                    data={'owner_id': owner_id},
                )
                changed.append(lead)
        s.commit()
    if changed:
        events.publish(
            events.LeadsChanged(
                frozenset(lead.id for lead in changed),
                'owner_changed',
                frozenset(lead.stage_id for lead in changed),
                actor.id,
            )
        )
        events.publish(
            events.ContactsChanged(frozenset(lead.contact_id for lead in changed), 'owner', actor.id)
        )
    return len(changed)


def _impact(s: Session, ids: list[int]) -> DeleteImpact:
    leads = activity_count = clients = 0
    for chunk in _chunks(ids):
        leads += s.execute(select(func.count()).where(col(Lead.contact_id).in_(chunk))).scalar_one()
        lead_ids = select(Lead.id).where(col(Lead.contact_id).in_(chunk))
        activity_count += s.execute(
            select(func.count()).where(
                (col(Activity.contact_id).in_(chunk)) | (col(Activity.lead_id).in_(lead_ids))
            )
        ).scalar_one()
        clients += s.execute(
            select(func.count()).where(col(Client.primary_contact_id).in_(chunk))
        ).scalar_one()
    return DeleteImpact(contacts=len(ids), leads=leads, activities=activity_count, clients=clients)


def delete_impact(*, actor: UserRead, selection: Selection) -> DeleteImpact:
    """What a delete would remove, for the confirmation dialog."""
    with db.session() as s:
        access.require(s, actor, 'manage_leads')
        return _impact(s, resolve(s, selection))


def delete_contacts(*, actor: UserRead, selection: Selection) -> DeleteImpact:
    """Delete the contacts with their leads, tags, group memberships and timelines (Manage Leads)."""
    with db.session() as s:
        access.require(s, actor, 'manage_leads')
        ids = resolve(s, selection)
        impact = _impact(s, ids)
        lead_stages: set[int] = set()
        lead_ids: set[int] = set()
        for chunk in _chunks(ids):
            for lead_id, stage_id in s.execute(
                select(Lead.id, Lead.stage_id).where(col(Lead.contact_id).in_(chunk))
            ):
                lead_ids.add(lead_id)
                lead_stages.add(stage_id)
            s.execute(
                update(Client)
                .where(col(Client.primary_contact_id).in_(chunk))
                .values(primary_contact_id=None)
            )
            s.execute(
                update(Client)
                .where(col(Client.source_lead_id).in_(select(Lead.id).where(col(Lead.contact_id).in_(chunk))))
                .values(source_lead_id=None)
            )
            s.execute(
                update(Lead)
                .where(col(Lead.client_id).is_not(None), col(Lead.contact_id).in_(chunk))
                .values(client_id=None)
            )
            # merges whose survivor goes can no longer be undone
            s.execute(delete(MergeRecord).where(col(MergeRecord.survivor_id).in_(chunk)))
            search.unindex(s, chunk)
            s.execute(delete(Contact).where(col(Contact.id).in_(chunk)))
        s.commit()
    if ids:
        events.publish(events.ContactsChanged(frozenset(ids), 'deleted', actor.id))
    if lead_ids:
        events.publish(events.LeadsChanged(frozenset(lead_ids), 'deleted', frozenset(lead_stages), actor.id))
    return impact
