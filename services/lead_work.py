"""Working a lead: editing its fields (optimistic concurrency), scheduling the next call, logging calls and
adding notes. Every change is one transaction with its timeline entry, then broadcast."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from models import ActivityKind, Contact, Lead, LeadRead, User, UserRead
from models.contact_edit import CONTACT_FIELDS, LABELS, LEAD_FIELDS, LeadFieldsEdit
from services import activities, app_settings, clock, db, events, search
from services.errors import Conflict, Invalid
from services.leads import load_workable
from services.normalize import normalize_email, normalize_phone, split_name
from services.relative_time import ago
from services.validation import parse


class CallOutcome(StrEnum):
    NO_ANSWER = 'no_answer'
    VOICEMAIL = 'voicemail'
    TALKED = 'talked'
    WRONG_NUMBER = 'wrong_number'
    MEETING_BOOKED = 'meeting_booked'

    @property
    def label(self) -> str:
        return self.value.replace('_', ' ').capitalize()


MAX_NOTE = 10_000


def _stale(s: Session, who_id: int | None, when: datetime | None, actor_id: int) -> Conflict:
    s.rollback()
    since = ago(when, clock.now()) if when is not None else 'recently'
    if who_id == actor_id:
        return Conflict(f'You changed this lead in another window {since} — reload to see those changes.')
    user = s.get(User, who_id) if who_id is not None else None
    who = user.display_name if user is not None else 'Someone'
    return Conflict(f'{who} changed this lead {since} — reload to see their changes.')


def _show(value: Any) -> str:
    return '' if value is None else str(value)


def save_lead_fields(
    *,
    actor: UserRead,
    lead_id: int,
    values: dict[str, Any],
    contact_version: int,
    lead_version: int,
) -> LeadRead:
    """Save the edit form. Refused, with who and when, if the contact (or, when lead fields changed, the
    lead) was saved by anyone after the versions the form was opened with; nothing is overwritten."""
    form = parse(LeadFieldsEdit, values)
    with db.session() as s:
        user, lead = load_workable(s, actor, lead_id)
        contact = s.get(Contact, lead.contact_id)
        region = app_settings.read(s, 'phone_region')
        old = {f: getattr(contact, f) for f in CONTACT_FIELDS} | {f: getattr(lead, f) for f in LEAD_FIELDS}
        new = form.model_dump()
        changes = {f: (old[f], new[f]) for f in new if _differs(old[f], new[f])}
        if contact.version != contact_version:
            raise _stale(s, contact.updated_by_id, contact.updated_at, user.id)
        lead_changes = {f: v for f, v in changes.items() if f in LEAD_FIELDS}
        if lead_changes and lead.version != lead_version:
            raise _stale(s, lead.updated_by_id, lead.updated_at, user.id)
        if not changes:
            return LeadRead.model_validate(lead)
        now = clock.now()
        contact_changes = {f: new[f] for f in changes if f in CONTACT_FIELDS}
        if contact_changes:
            if 'name' in contact_changes:
                contact_changes['first_name'], contact_changes['last_name'] = split_name(form.name)
            contact_changes['email_norm'] = normalize_email(form.email)
            contact_changes['phone_e164'] = normalize_phone(form.phone, region)
            written = s.exec(
                update(Contact)
                .where(col(Contact.id) == contact.id, col(Contact.version) == contact_version)
                .values(**contact_changes, updated_at=now, updated_by_id=user.id, version=Contact.version + 1)
            )
            if written.rowcount != 1:
                s.expire_all()
                fresh = s.get(Contact, lead.contact_id)
                raise _stale(s, fresh.updated_by_id, fresh.updated_at, user.id)
        if lead_changes:
            written = s.exec(
                update(Lead)
                .where(col(Lead.id) == lead.id, col(Lead.version) == lead_version)
                .values(**{f: new[f] for f in lead_changes}, version=Lead.version + 1)
            )
            if written.rowcount != 1:
                s.expire_all()
                fresh = s.get(Lead, lead_id)
                raise _stale(s, fresh.updated_by_id, fresh.updated_at, user.id)
        # the lead carries "who saved last", so every save bumps it (a lead page holds both versions)
        s.exec(
            update(Lead)
            .where(col(Lead.id) == lead.id)
            .values(updated_at=now, updated_by_id=user.id, version=Lead.version + 1)
        )
        s.refresh(contact)
        s.refresh(lead)
        if contact_changes:
            search.index_contacts(s, [contact])
        lines = [
            f'{LABELS[f]}: {_show(a) or "(empty)"} → {_show(b) or "(empty)"}' for f, (a, b) in changes.items()
        ]
        activities.record(
            s,
            kind=ActivityKind.EDIT,
            actor_id=user.id,
            contact_id=contact.id,
            lead_id=lead.id,
            summary='Edited ' + ', '.join(LABELS[f].lower() for f in changes),
            body='\n'.join(lines),
            data={'changes': {f: [_show(a), _show(b)] for f, (a, b) in changes.items()}},
        )
        s.commit()
        result = LeadRead.model_validate(lead)
    events.publish(
        events.LeadsChanged(frozenset({lead_id}), 'edited', frozenset({result.stage_id}), actor.id)
    )
    if contact_changes:
        events.publish(events.ContactsChanged(frozenset({result.contact_id}), 'edited', actor.id))
    return result


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is None) != (b is None) or (a is not None and Decimal(a) != Decimal(b))
    return (a or '') != (b or '')


def _local(at: datetime) -> str:
    return at.astimezone().strftime('%a %d %b %Y, %H:%M')


def quick_picks(now: datetime | None = None) -> list[tuple[str, datetime]]:
    """The schedule menu's shortcuts, in the server's local time: in 1 hour, tomorrow 9:00, next Monday 9:00."""
    current = (now or clock.now()).astimezone()
    tomorrow = datetime.combine(current.date() + timedelta(days=1), time(9), tzinfo=current.tzinfo)
    days = (7 - current.weekday()) % 7 or 7
    monday = datetime.combine(current.date() + timedelta(days=days), time(9), tzinfo=current.tzinfo)
    return [
        ('In 1 hour', current + timedelta(hours=1)),
        ('Tomorrow 9:00', tomorrow),
        ('Next Monday 9:00', monday),
    ]


def _set_next_call(s: Session, lead: Lead, at: datetime | None, user: User, now: datetime) -> None:
    lead.next_call_at = at
    lead.updated_at = now
    lead.updated_by_id = user.id
    lead.version += 1
    s.add(lead)


def schedule_call(*, actor: UserRead, lead_id: int, at: datetime | None) -> LeadRead:
    """Set (or with `at=None` clear) when to call next."""
    if at is not None and at.tzinfo is None:
        raise Invalid('The call time needs a time zone.')
    with db.session() as s:
        user, lead = load_workable(s, actor, lead_id)
        if lead.next_call_at == at:
            return LeadRead.model_validate(lead)
        now = clock.now()
        _set_next_call(s, lead, at, user, now)
        summary = f'Next call: {_local(at)}' if at is not None else 'Next call cleared'
        activities.record(
            s,
            kind=ActivityKind.SCHEDULE,
            actor_id=user.id,
            contact_id=lead.contact_id,
            lead_id=lead.id,
            summary=summary,
            data={'next_call_at': at.isoformat() if at else None},
        )
        s.commit()
        result = LeadRead.model_validate(lead)
    events.publish(
        events.LeadsChanged(frozenset({lead_id}), 'scheduled', frozenset({result.stage_id}), actor.id)
    )
    return result


def log_call(
    *,
    actor: UserRead,
    lead_id: int,
    outcome: CallOutcome | str,
    note: str = '',
    next_call_at: datetime | None = None,
    clear_next_call: bool = False,
) -> LeadRead:
    """Record a call with its outcome and note; sets the person's last contacted time, and optionally the
    next call in the same step (`clear_next_call` empties it instead)."""
    try:
        outcome = CallOutcome(outcome)
    except ValueError:
        raise Invalid('Please choose how the call went.') from None
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Invalid(f'The note is too long (at most {MAX_NOTE:,} characters).')
    with db.session() as s:
        user, lead = load_workable(s, actor, lead_id)
        now = clock.now()
        contact = s.get(Contact, lead.contact_id)
        # last contacted is not an edit of the person: no version bump, so an open edit form stays valid
        contact.last_contacted_at = now
        s.add(contact)
        summary = f'Call: {outcome.label}'
        if next_call_at is not None or clear_next_call:
            _set_next_call(s, lead, next_call_at, user, now)
            summary += f' · next call {_local(next_call_at)}' if next_call_at else ' · next call cleared'
        else:
            lead.updated_at = now
            lead.updated_by_id = user.id
            s.add(lead)
        activities.record(
            s,
            kind=ActivityKind.CALL,
            actor_id=user.id,
            contact_id=lead.contact_id,
            lead_id=lead.id,
            summary=summary,
            body=note,
            data={
                'outcome': outcome.value,
                'next_call_at': next_call_at.isoformat() if next_call_at else None,
            },
        )
        s.commit()
        result = LeadRead.model_validate(lead)
    events.publish(
        events.LeadsChanged(frozenset({lead_id}), 'call_logged', frozenset({result.stage_id}), actor.id)
    )
    events.publish(events.ContactsChanged(frozenset({result.contact_id}), 'contacted', actor.id))
    return result


def add_note(*, actor: UserRead, lead_id: int, text: str) -> None:
    text = text.strip()
    if not text:
        raise Invalid('The note is empty.')
    if len(text) > MAX_NOTE:
        raise Invalid(f'The note is too long (at most {MAX_NOTE:,} characters).')
    with db.session() as s:
        user, lead = load_workable(s, actor, lead_id)
        activities.record(
            s,
            kind=ActivityKind.NOTE,
            actor_id=user.id,
            contact_id=lead.contact_id,
            lead_id=lead.id,
            summary='Note',
            body=text,
        )
        s.commit()
        stage_id = lead.stage_id
    events.publish(events.LeadsChanged(frozenset({lead_id}), 'noted', frozenset({stage_id}), actor.id))
