"""Merging two contacts into one, field by field, and undoing it exactly (from a stored snapshot).

The survivor takes the chosen values, the tags, groups, leads, timeline and client links of both; the other
contact is removed. The MergeRecord keeps a snapshot of both rows and of everything moved, so undo restores
both contacts as they were — same ids, same values, same tags, groups, leads and activities."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from models import (
    Activity,
    ActivityKind,
    Client,
    Contact,
    ContactGroupMember,
    ContactRead,
    ContactTag,
    Lead,
    MergeRecord,
    UserRead,
)
from services import access, activities, clock, db, events, search
from services.errors import Invalid, NotFound
from services.merge_snapshot import capture

Choice = Literal['survivor', 'merged', 'both']
# (field, label); 'name' carries first and last name with it; emails and phones may keep both
MERGE_FIELDS = (
    ('name', 'Name'),
    ('email', 'Email'),
    ('phone', 'Phone'),
    ('company', 'Company'),
    ('job_title', 'Job title'),
    ('city', 'City'),
    ('state', 'State/province'),
    ('country', 'Country'),
    ('region', 'Region'),
    ('source', 'Source'),
    ('notes', 'Notes'),
)
KEEP_BOTH = ('email', 'phone', 'notes')
_CARRIED = {
    'name': ('name', 'first_name', 'last_name'),
    'email': ('email', 'email_norm'),
    'phone': ('phone', 'phone_e164'),
}


class FieldDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    label: str
    survivor_value: str
    merged_value: str
    can_keep_both: bool


class MergePreview(BaseModel):
    model_config = ConfigDict(frozen=True)

    survivor: ContactRead
    merged: ContactRead
    differences: list[FieldDiff]


class MergeResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    merge_id: int
    survivor: ContactRead
    merged_contact_id: int


def _pair(s: Session, survivor_id: int, merged_id: int) -> tuple[Contact, Contact]:
    if survivor_id == merged_id:
        raise Invalid('Choose two different contacts to merge.')
    survivor, merged = s.get(Contact, survivor_id), s.get(Contact, merged_id)
    if survivor is None or merged is None:
        raise NotFound('One of these contacts no longer exists (it may have been merged or deleted already).')
    return survivor, merged


def preview_merge(*, actor: UserRead, survivor_id: int, merged_id: int) -> MergePreview:
    """Only the fields whose values differ, for the side-by-side dialog."""
    with db.session() as s:
        access.require(s, actor, 'manage_leads')
        survivor, merged = _pair(s, survivor_id, merged_id)
        differences = [
            FieldDiff(
                field=field,
                label=label,
                survivor_value=getattr(survivor, field) or '',
                merged_value=getattr(merged, field) or '',
                can_keep_both=field in KEEP_BOTH,
            )
            for field, label in MERGE_FIELDS
            if (getattr(survivor, field) or '').strip() != (getattr(merged, field) or '').strip()
        ]
        return MergePreview(
            survivor=ContactRead.model_validate(survivor),
            merged=ContactRead.model_validate(merged),
            differences=differences,
        )


def _apply_choices(survivor: Contact, merged: Contact, choices: dict[str, Choice]) -> None:
    for field, _ in MERGE_FIELDS:
        mine, theirs = getattr(survivor, field) or '', getattr(merged, field) or ''
        # an empty value never wins over a filled one unless chosen explicitly
        choice = choices.get(field) or ('merged' if not mine.strip() and theirs.strip() else 'survivor')
        if choice == 'merged':
            for name in _CARRIED.get(field, (field,)):
                setattr(survivor, name, getattr(merged, name))
        elif choice == 'both' and field == 'notes' and theirs.strip() and theirs.strip() != mine.strip():
            survivor.notes = f'{mine.rstrip()}\n\n{theirs.strip()}' if mine.strip() else theirs
        elif choice not in ('survivor', 'both', 'merged'):
            raise Invalid(f'Unknown choice {choice!r} for {field}.')
    emails = [*survivor.secondary_emails, *merged.secondary_emails]
    phones = [*survivor.secondary_phones, *merged.secondary_phones]
    if choices.get('email') == 'both':
        emails += [merged.email, survivor.email]
    if choices.get('phone') == 'both':
        phones += [merged.phone, survivor.phone]
    survivor.secondary_emails = _distinct(emails, exclude=survivor.email)
    survivor.secondary_phones = _distinct(phones, exclude=survivor.phone)


def _distinct(values: list[str], *, exclude: str) -> list[str]:
    seen = {exclude.strip().lower()} if exclude else set()
    out = []
    for value in values:
        key = (value or '').strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return out


def merge_contacts(
    *, actor: UserRead, survivor_id: int, merged_id: int, choices: dict[str, Choice] | None = None
) -> MergeResult:
    """Merge `merged_id` into `survivor_id` (Manage Leads). `choices` picks per field whose value stays."""
    choices = dict(choices or {})
    now = clock.now()
    with db.session() as s:
        user = access.require(s, actor, 'manage_leads')
        survivor, merged = _pair(s, survivor_id, merged_id)
        snapshot = capture(s, survivor, merged)
        moved_leads = snapshot['leads']
        stage_ids = set(s.exec(select(Lead.stage_id).where(col(Lead.id).in_(moved_leads))).all())
        _apply_choices(survivor, merged, choices)
        survivor.updated_at, survivor.updated_by_id, survivor.version = now, user.id, survivor.version + 1
        if merged.last_contacted_at and (
            survivor.last_contacted_at is None or merged.last_contacted_at > survivor.last_contacted_at
        ):
            survivor.last_contacted_at = merged.last_contacted_at
        s.add(survivor)

        new_tags = [t for t in snapshot['merged_tags'] if t not in set(snapshot['survivor_tags'])]
        if new_tags:
            s.execute(insert(ContactTag), [{'contact_id': survivor.id, 'tag_id': t} for t in new_tags])
        own_groups = {g for g, _ in snapshot['survivor_groups']}
        new_groups = [(g, at) for g, at in snapshot['merged_groups'] if g not in own_groups]
        if new_groups:
            s.execute(
                insert(ContactGroupMember),
                [
                    {'group_id': g, 'contact_id': survivor.id, 'added_at': datetime.fromisoformat(at)}
                    for g, at in new_groups
                ],
            )
        s.execute(update(Lead).where(col(Lead.contact_id) == merged.id).values(contact_id=survivor.id))
        s.execute(
            update(Activity).where(col(Activity.contact_id) == merged.id).values(contact_id=survivor.id)
        )
        s.execute(
            update(Client)
            .where(col(Client.primary_contact_id) == merged.id)
            .values(primary_contact_id=survivor.id)
        )
        s.execute(
            update(MergeRecord)
            .where(col(MergeRecord.survivor_id) == merged.id)
            .values(survivor_id=survivor.id)
        )
        search.unindex(s, [merged.id])
        s.flush()
        merged_name = merged.name
        s.execute(delete(Contact).where(col(Contact.id) == merged.id))
        search.index_contacts(s, [survivor])

        summary = f'Merged with {merged_name} (#{merged_id}) by {user.display_name}'
        activity = activities.record(
            s,
            kind=ActivityKind.MERGE,
            actor_id=user.id,
            contact_id=survivor.id,
            summary=summary,
            data={'merged_contact_id': merged_id, 'choices': choices},
        )
        s.flush()
        snapshot['activity_id'] = activity.id
        snapshot['survivor_version_after'] = survivor.version
        record = MergeRecord(
            survivor_id=survivor.id,
            merged_contact_id=merged_id,
            snapshot=snapshot,
            actor_id=user.id,
            created_at=now,
        )
        s.add(record)
        s.commit()
        result = MergeResult(
            merge_id=record.id, survivor=ContactRead.model_validate(survivor), merged_contact_id=merged_id
        )
    events.publish(events.ContactsChanged(frozenset({survivor_id, merged_id}), 'merged', actor.id))
    if moved_leads:
        events.publish(events.LeadsChanged(frozenset(moved_leads), 'edited', frozenset(stage_ids), actor.id))
    return result
