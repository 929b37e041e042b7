"""Undoing a merge: both contacts back exactly as before, from the snapshot the merge stored."""

from datetime import datetime

from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from models import (
    Activity,
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
from services import access, clock, db, events, search
from services.errors import Conflict, NotFound
from services.merge_snapshot import json_to_values


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
