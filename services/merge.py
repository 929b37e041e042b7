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
    ContactGroup,
    ContactGroupMember,
    ContactRead,
    ContactTag,
    DuplicateFlag,
    Lead,
    MergeRecord,
    UserRead,
)
from services import access, activities, clock, db, events, search
from services.errors import Conflict, Invalid, NotFound
from services.merge_snapshot import capture, json_to_values

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


def undo_merge(*, actor: UserRead, merge_id: int) -> tuple[ContactRead, ContactRead]:
    """Put both contacts back exactly as they were before the merge; returns (survivor, restored)."""
    with db.session() as s:
        access.require(s, actor, 'manage_leads')
        record = s.get(MergeRecord, merge_id)
        if record is None:
            raise NotFound('That merge no longer exists.')
        if record.undone_at is not None:
            raise Conflict('This merge was already undone.')
        snap = record.snapshot
        survivor = s.get(Contact, record.survivor_id)
        if survivor is None:
            raise Conflict('The merged contact was deleted since, so the merge can no longer be undone.')
        if survivor.version != snap.get('survivor_version_after'):
            raise Conflict(
                f'{survivor.name} was edited after the merge; undoing now would lose those edits. '
                'Edit the contact by hand instead.'
            )
        if s.get(Contact, record.merged_contact_id) is not None:
            raise Conflict(
                f'Contact #{record.merged_contact_id} exists again, so the merge cannot be undone.'
            )

        for name, value in json_to_values(snap['survivor']).items():
            if name != 'id':
                setattr(survivor, name, value)
        s.add(survivor)
        s.execute(insert(Contact), [json_to_values(snap['merged'])])
        restored_id = record.merged_contact_id
        added_tags = set(snap['merged_tags']) - set(snap['survivor_tags'])
        if added_tags:
            s.execute(
                delete(ContactTag).where(
                    col(ContactTag.contact_id) == survivor.id, col(ContactTag.tag_id).in_(added_tags)
                )
            )
        if snap['merged_tags']:
            s.execute(
                insert(ContactTag), [{'contact_id': restored_id, 'tag_id': t} for t in snap['merged_tags']]
            )
        own = {g for g, _ in snap['survivor_groups']}
        added_groups = [g for g, _ in snap['merged_groups'] if g not in own]
        if added_groups:
            s.execute(
                delete(ContactGroupMember).where(
                    col(ContactGroupMember.contact_id) == survivor.id,
                    col(ContactGroupMember.group_id).in_(added_groups),
                )
            )
        # a group deleted since the merge is simply not restored
        wanted = [g for g, _ in snap['merged_groups']]
        existing = set(s.exec(select(ContactGroup.id).where(col(ContactGroup.id).in_(wanted))).all())
        rows = [
            {'group_id': g, 'contact_id': restored_id, 'added_at': datetime.fromisoformat(at)}
            for g, at in snap['merged_groups']
            if g in existing
        ]
        if rows:
            s.execute(insert(ContactGroupMember), rows)
        _move_back(s, Lead, Lead.contact_id, snap['leads'], restored_id)
        _move_back(s, Activity, Activity.contact_id, snap['activities'], restored_id)
        _move_back(s, Client, Client.primary_contact_id, snap['clients'], restored_id)
        _move_back(s, MergeRecord, MergeRecord.survivor_id, snap['earlier_merges'], restored_id)
        for flag in snap['flags']:
            if s.get(Contact, flag['contact_id']) and s.get(Contact, flag['other_contact_id']):
                s.add(DuplicateFlag(**{**flag, 'created_at': datetime.fromisoformat(flag['created_at'])}))
        if snap.get('activity_id'):
            s.execute(delete(Activity).where(col(Activity.id) == snap['activity_id']))
        record.undone_at = clock.now()
        s.add(record)
        s.flush()
        restored = s.get(Contact, restored_id)
        search.index_contacts(s, [survivor, restored])
        stage_ids = set(s.exec(select(Lead.stage_id).where(col(Lead.id).in_(snap['leads']))).all())
        s.commit()
        out = (ContactRead.model_validate(survivor), ContactRead.model_validate(restored))
    events.publish(events.ContactsChanged(frozenset({out[0].id, out[1].id}), 'unmerged', actor.id))
    if snap['leads']:
        events.publish(
            events.LeadsChanged(frozenset(snap['leads']), 'edited', frozenset(stage_ids), actor.id)
        )
    return out


def _move_back(s: Session, model, column, ids: list[int], contact_id: int) -> None:
    if ids:
        s.execute(update(model).where(col(model.id).in_(ids)).values({column.key: contact_id}))


def recent_merges(*, actor: UserRead, limit: int = 20) -> list[dict]:
    """The latest merges that can still be undone, for the duplicates page."""
    with db.session() as s:
        access.current(s, actor)
        records = s.exec(
            select(MergeRecord)
            .where(col(MergeRecord.undone_at).is_(None))
            .order_by(col(MergeRecord.id).desc())
            .limit(limit)
        ).all()
        return [
            {
                'id': r.id,
                'survivor_id': r.survivor_id,
                'survivor_name': r.snapshot.get('survivor', {}).get('name', ''),
                'merged_name': r.snapshot.get('merged', {}).get('name', ''),
                'merged_contact_id': r.merged_contact_id,
                'created_at': r.created_at,
            }
            for r in records
        ]
