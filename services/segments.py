"""Segments: a saved filter of the contacts table, personal or shared with the team."""

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from models import Segment, User, UserRead
from services import access, clock, db, events
from services.contact_filter import ContactFilter
from services.errors import Forbidden, Invalid, NotFound
from services.labels import clean_name


class SegmentView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    shared: bool
    owner_id: int
    owner_name: str
    filters: ContactFilter
    mine: bool


def _view(segment: Segment, owner_name: str, actor: UserRead) -> SegmentView:
    return SegmentView(
        id=segment.id,
        name=segment.name,
        shared=segment.shared,
        owner_id=segment.owner_id,
        owner_name=owner_name,
        filters=ContactFilter.model_validate(segment.query or {}),
        mine=segment.owner_id == actor.id,
    )


def list_segments(*, actor: UserRead) -> list[SegmentView]:
    """The actor's own segments and those others shared, by name."""
    with db.session() as s:
        access.current(s, actor)
        rows = s.execute(
            select(Segment, User.display_name)
            .join(User, col(User.id) == Segment.owner_id)
            .where(or_(col(Segment.owner_id) == actor.id, col(Segment.shared)))
            .order_by(func.lower(Segment.name), col(Segment.id))
        ).all()
        return [_view(segment, owner, actor) for segment, owner in rows]


def _editable(s: Session, actor: UserRead, segment_id: int) -> tuple[User, Segment]:
    user = access.current(s, actor)
    segment = s.get(Segment, segment_id)
    if segment is None or (segment.owner_id != user.id and not segment.shared):
        raise NotFound('That segment no longer exists.')
    if segment.owner_id != user.id and not user.is_admin:
        raise Forbidden('Only the person who saved this segment (or an admin) can change it.')
    return user, segment


def _query(filters: ContactFilter) -> dict:
    if filters.is_empty:
        raise Invalid('Set at least one filter before saving a segment.')
    return filters.model_dump(mode='json')


def save_segment(*, actor: UserRead, name: str, filters: ContactFilter, shared: bool = False) -> SegmentView:
    now = clock.now()
    with db.session() as s:
        user = access.current(s, actor)
        segment = Segment(
            name=clean_name(name, what='segment', limit=100),
            owner_id=user.id,
            shared=shared,
            query=_query(filters),
            created_at=now,
            updated_at=now,
        )
        s.add(segment)
        s.commit()
        view = _view(segment, user.display_name, actor)
    events.publish(events.ContactsChanged(frozenset(), 'segments', actor.id))
    return view


def update_segment(
    *,
    actor: UserRead,
    segment_id: int,
    name: str | None = None,
    shared: bool | None = None,
    filters: ContactFilter | None = None,
) -> SegmentView:
    with db.session() as s:
        _, segment = _editable(s, actor, segment_id)
        if name is not None:
            segment.name = clean_name(name, what='segment', limit=100)
        if shared is not None:
            segment.shared = shared
        if filters is not None:
            segment.query = _query(filters)
        segment.updated_at = clock.now()
        s.add(segment)
        s.commit()
        owner = s.get(User, segment.owner_id)
        view = _view(segment, owner.display_name if owner else '', actor)
    events.publish(events.ContactsChanged(frozenset(), 'segments', actor.id))
    return view


def delete_segment(*, actor: UserRead, segment_id: int) -> None:
    with db.session() as s:
        _, segment = _editable(s, actor, segment_id)
        s.delete(segment)
        s.commit()
    events.publish(events.ContactsChanged(frozenset(), 'segments', actor.id))
