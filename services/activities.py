"""The timeline: one row per thing that happened to a contact, lead or client, with who and when."""

from typing import Any

from sqlmodel import Session, col, or_, select

from models import Activity, ActivityKind, ActivityRead, User
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
    """Newest first; a contact's timeline includes the activities of its leads."""
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
        return [
            TimelineEntry.model_validate({**ActivityRead.model_validate(a).model_dump(), 'actor_name': name})
            for a, name in rows
        ]
