"""What a merge changes, captured before it happens, so that undo can put every row back exactly."""

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime
from sqlmodel import Session, col, select

from models import Activity, Client, Contact, ContactGroupMember, ContactTag, DuplicateFlag, Lead, MergeRecord


def row_to_json(contact: Contact) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in Contact.__table__.columns:
        value = getattr(contact, column.name)
        out[column.name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _is_datetime(column) -> bool:
    kind = getattr(column.type, 'impl', column.type)  # SQLModel wraps DateTime in a TypeDecorator
    return isinstance(kind, DateTime)


def json_to_values(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in Contact.__table__.columns:
        if column.name not in data:
            continue
        value = data[column.name]
        if isinstance(value, str) and _is_datetime(column):
            value = datetime.fromisoformat(value)
        values[column.name] = list(value) if isinstance(value, list) else value
    return values


def capture(s: Session, survivor: Contact, merged: Contact) -> dict[str, Any]:
    def tags(contact_id: int) -> list[int]:
        return list(s.exec(select(ContactTag.tag_id).where(ContactTag.contact_id == contact_id)).all())

    def groups(contact_id: int) -> list[list[Any]]:
        rows = s.exec(
            select(ContactGroupMember.group_id, ContactGroupMember.added_at).where(
                ContactGroupMember.contact_id == contact_id
            )
        ).all()
        return [[g, at.isoformat()] for g, at in rows]

    flags = s.exec(
        select(DuplicateFlag).where(
            (col(DuplicateFlag.contact_id) == merged.id) | (col(DuplicateFlag.other_contact_id) == merged.id)
        )
    ).all()
    return {
        'survivor': row_to_json(survivor),
        'merged': row_to_json(merged),
        'survivor_tags': tags(survivor.id),
        'merged_tags': tags(merged.id),
        'survivor_groups': groups(survivor.id),
        'merged_groups': groups(merged.id),
        'leads': list(s.exec(select(Lead.id).where(Lead.contact_id == merged.id)).all()),
        'activities': list(s.exec(select(Activity.id).where(Activity.contact_id == merged.id)).all()),
        'clients': list(s.exec(select(Client.id).where(Client.primary_contact_id == merged.id)).all()),
        'earlier_merges': list(
            s.exec(select(MergeRecord.id).where(MergeRecord.survivor_id == merged.id)).all()
        ),
        'flags': [
            {
                'contact_id': f.contact_id,
                'other_contact_id': f.other_contact_id,
                'reason': f.reason,
                'score': f.score,
                'status': f.status,
                'import_batch_id': f.import_batch_id,
                'created_at': f.created_at.isoformat(),
            }
            for f in flags
        ],
    }
