"""Leads: who may see and work them, creating one, and moving it through the pipeline."""

from sqlalchemy import ColumnElement, and_, or_, true
from sqlmodel import Session, col, select

from models import (
    ActivityKind,
    Contact,
    ContactTag,
    Lead,
    LeadCreate,
    LeadRead,
    Stage,
    StageKind,
    User,
    UserRead,
)
from services import access, activities, app_settings, clock, db, events, search
from services.errors import Forbidden, Invalid, NotFound
from services.normalize import normalize_email, normalize_phone, split_name
from services.validation import parse


def visible(user: User | UserRead) -> ColumnElement[bool]:
    """Which leads a user sees: all with View All Leads; otherwise their own and their live claims, and with
    Manage Leads (who may claim) every unowned lead: the pool, including leads a colleague has claimed for
    now, so every manager's screen shows who holds a claim and for how long."""
    if user.can_view_all_leads:
        return true()
    now = clock.now()
    live_claim = and_(col(Lead.claimed_by_id).is_not(None), col(Lead.claim_expires_at) > now)
    mine = or_(col(Lead.owner_id) == user.id, and_(col(Lead.claimed_by_id) == user.id, live_claim))
    if not user.can_manage_leads:
        return mine
    return or_(mine, col(Lead.owner_id).is_(None))


def claim_is_live(lead: Lead | LeadRead) -> bool:
    """A lapsed claim counts as no claim, even before the sweep has cleared it."""
    return (
        lead.claimed_by_id is not None
        and lead.claim_expires_at is not None
        and lead.claim_expires_at > clock.now()
    )


def can_work(user: User | UserRead, lead: Lead | LeadRead) -> bool:
    """Edit, schedule, log calls, move: the owner, the live claimer, or a manager — but while a colleague
    holds a live claim the lead is theirs alone (others see it read-only until it is released or lapses)."""
    if lead.claimed_by_id is not None and lead.claimed_by_id != user.id and claim_is_live(lead):
        return False
    if user.can_manage_leads:
        return True
    return lead.owner_id == user.id or (lead.claimed_by_id == user.id and claim_is_live(lead))


def load_visible(s: Session, user: User, lead_id: int) -> Lead:
    lead = s.exec(select(Lead).where(Lead.id == lead_id, visible(user))).first()
    if lead is None:
        if s.get(Lead, lead_id) is not None:
            raise Forbidden('This lead is assigned to someone else, and you may only see your own leads.')
        raise NotFound(f'Lead #{lead_id} does not exist (it may have been deleted).')
    return lead


def load_workable(s: Session, actor: UserRead, lead_id: int) -> tuple[User, Lead]:
    user = access.current(s, actor)
    lead = load_visible(s, user, lead_id)
    if not can_work(user, lead):
        raise Forbidden('Claim this lead (or ask a manager to assign it to you) before working on it.')
    return user, lead


def get_lead(*, actor: UserRead, lead_id: int) -> LeadRead:
    with db.session() as s:
        return LeadRead.model_validate(load_visible(s, access.current(s, actor), lead_id))


def create_lead(*, actor: UserRead, data: dict | LeadCreate, contact_id: int | None = None) -> LeadRead:
    """Create a lead in New. With `contact_id` the lead joins that existing person ("Add lead to this
    contact"): no second contact, and the person's empty fields are filled from the form."""
    form = data if isinstance(data, LeadCreate) else parse(LeadCreate, data)
    with db.session() as s:
        user = access.require(s, actor, 'create_leads')
        if form.owner_id is not None and form.owner_id != user.id and not user.can_manage_leads:
            raise Forbidden('You need the Manage Leads permission to assign a lead to someone else.')
        if form.owner_id is not None:
            owner = s.get(User, form.owner_id)
            if owner is None or not owner.active:
                raise Invalid('The chosen owner is not an active user.')
        if not form.region:
            # a lead created without a region belongs to the team's default one, so region views find it
            form = form.model_copy(update={'region': app_settings.read(s, 'default_region')})
        contact = _attach_contact(s, form, contact_id, app_settings.read(s, 'phone_region'), user.id)
        stage = _new_stage(s)
        now = clock.now()
        lead = Lead(
            contact_id=contact.id,
            stage_id=stage.id,
            owner_id=form.owner_id,
            next_call_at=form.next_call_at,
            source=form.source,
            product_type=form.product_type,
            client_id=form.client_id,
            value=form.value,
            created_by_id=user.id,
            updated_by_id=user.id,
            created_at=now,
            updated_at=now,
            stage_changed_at=now,
        )
        s.add(lead)
        s.flush()
        for tag_id in form.tag_ids:
            if s.get(ContactTag, (contact.id, tag_id)) is None:
                s.add(ContactTag(contact_id=contact.id, tag_id=tag_id))
        activities.record(
            s,
            kind=ActivityKind.CREATE,
            actor_id=user.id,
            contact_id=contact.id,
            lead_id=lead.id,
            summary=f'Lead created in {stage.name}',
            body=form.notes,
        )
        s.commit()
        result = LeadRead.model_validate(lead)
    events.publish(
        events.LeadsChanged(frozenset({result.id}), 'created', frozenset({result.stage_id}), actor.id)
    )
    events.publish(events.ContactsChanged(frozenset({result.contact_id}), 'lead_created', actor.id))
    return result


def _new_stage(s: Session) -> Stage:
    stage = s.exec(select(Stage).where(Stage.key == 'NOT_CONTACTED')).first()
    if stage is None:
        raise RuntimeError('the system stage New (NOT_CONTACTED) is missing')
    return stage


def _attach_contact(
    s: Session, form: LeadCreate, contact_id: int | None, phone_region: str, user_id: int
) -> Contact:
    now = clock.now()
    if contact_id is None:
        first, last = split_name(form.name)
        contact = Contact(name=form.name, first_name=first, last_name=last, created_at=now)
    else:
        found = s.get(Contact, contact_id)
        if found is None:
            raise NotFound('That contact no longer exists.')
        contact = found
    for field in ('email', 'phone', 'company', 'job_title', 'city', 'state', 'country', 'region', 'source'):
        if not getattr(contact, field) and getattr(form, field):
            setattr(contact, field, getattr(form, field))
    if form.notes:
        contact.notes = f'{contact.notes}\n\n{form.notes}'.strip() if contact.notes else form.notes
    contact.email_norm = normalize_email(contact.email)
    contact.phone_e164 = normalize_phone(contact.phone, phone_region)
    contact.updated_at = now
    contact.updated_by_id = user_id
    if contact_id is not None:
        contact.version += 1
    s.add(contact)
    s.flush()
    search.index_contacts(s, [contact])
    return contact


def move_lead(*, actor: UserRead, lead_id: int, stage_id: int, lost_reason: str = '') -> LeadRead:
    """Change a lead's stage (the board's drag and the lead page's selector)."""
    with db.session() as s:
        user, lead = load_workable(s, actor, lead_id)
        target = s.get(Stage, stage_id)
        if target is None:
            raise NotFound('That stage no longer exists.')
        if lead.stage_id == stage_id:
            return LeadRead.model_validate(lead)
        source = s.get(Stage, lead.stage_id)
        old_stage_id = lead.stage_id
        now = clock.now()
        lead.stage_id = stage_id
        lead.stage_changed_at = now
        lead.updated_at = now
        lead.updated_by_id = user.id
        lead.version += 1
        lead.lost_reason = lost_reason.strip() if target.kind == StageKind.LOST else ''
        if target.kind == StageKind.WON and lead.converted_at is None:
            lead.converted_at = now
        elif target.kind != StageKind.WON:
            lead.converted_at = None
        s.add(lead)
        summary = f'Stage: {source.name if source else "?"} → {target.name}'
        if lead.lost_reason:
            summary += f' (reason: {lead.lost_reason})'
        activities.record(
            s,
            kind=ActivityKind.STAGE_CHANGE,
            actor_id=user.id,
            contact_id=lead.contact_id,
            lead_id=lead.id,
            summary=summary,
            data={'from': old_stage_id, 'to': stage_id},
        )
        s.commit()
        result = LeadRead.model_validate(lead)
    events.publish(
        events.LeadsChanged(frozenset({lead_id}), 'moved', frozenset({old_stage_id, stage_id}), actor.id)
    )
    return result
