"""The timeline: one row per thing that happened to a contact, lead or client, with who and when."""

from typing import Any

from sqlmodel import Session, col, or_, select

from models import Activity, ActivityKind, ActivityRead, Contact, ImportBatch, Lead, User
from services import clock, db


def record(
    s: Session,
    *,
    kind: ActivityKind,
    actor_id: int | None,
    summary: str,
    contact_id: int | None = None,
    lead_id: int | None = None,
    client_id: int | None = None,
    body: str = '',
    data: dict[str, Any] | None = None,
) -> Activity:
    """Add an activity to the caller's unit of work (committed with the change it describes)."""
    activity = Activity(
        kind=kind,
        actor_id=actor_id,
        summary=summary,
        contact_id=contact_id,
        lead_id=lead_id,
        client_id=client_id,
        body=body,
        data=data or {},
        created_at=clock.now(),
    )
    s.add(activity)
    return activity


class TimelineEntry(ActivityRead):
    actor_name: str | None = None


def timeline(
    *,
    contact_id: int | None = None,
    lead_id: int | None = None,
    client_id: int | None = None,
    limit: int = 200,
) -> list[TimelineEntry]:
    """Newest first; a contact's timeline includes the activities of its leads, and a person who came in
    through an import starts with that import (the importer records the batch, not a row per contact)."""
    conditions = []
    if contact_id is not None:
        conditions.append(col(Activity.contact_id) == contact_id)
    if lead_id is not None:
        conditions.append(col(Activity.lead_id) == lead_id)
    if client_id is not None:
        conditions.append(col(Activity.client_id) == client_id)
    if not conditions:
        return []
    with db.session() as s:
        rows = s.exec(
            select(Activity, User.display_name)
            .join(User, col(User.id) == col(Activity.actor_id), isouter=True)
            .where(or_(*conditions))
            .order_by(col(Activity.created_at).desc(), col(Activity.id).desc())
            .limit(limit)
        ).all()
        entries = [
            TimelineEntry.model_validate({**ActivityRead.model_validate(a).model_dump(), 'actor_name': name})
            for a, name in rows
        ]
        origin = _import_origin(s, contact_id=contact_id, lead_id=lead_id)
    if origin is not None and len(entries) < limit:
        entries.append(origin)
        entries.sort(key=lambda e: (e.created_at, e.id), reverse=True)
    return entries


def _import_origin(s: Session, *, contact_id: int | None, lead_id: int | None) -> TimelineEntry | None:
    if contact_id is None and lead_id is not None:
        lead = s.get(Lead, lead_id)
        contact_id = lead.contact_id if lead is not None else None
    contact = s.get(Contact, contact_id) if contact_id is not None else None
    batch = s.get(ImportBatch, contact.import_batch_id) if contact and contact.import_batch_id else None
    if contact is None or batch is None:
        return None
    actor = s.get(User, batch.created_by_id) if batch.created_by_id else None
    return TimelineEntry(
        id=0,
        kind=ActivityKind.IMPORT,
        contact_id=contact.id,
        lead_id=None,
        client_id=None,
        actor_id=batch.created_by_id,
        summary=f'Imported from {batch.filename}',
        body='',
        data={'batch_id': batch.id},
        created_at=batch.created_at,
        actor_name=actor.display_name if actor else None,
    )
