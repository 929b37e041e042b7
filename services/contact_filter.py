"""The contacts table's filter (also its URL query and a segment's stored query) and its WHERE clause."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import ColumnElement, and_, exists, func, or_, true
from sqlmodel import col, select

from models import (
    Activity,
    ActivityKind,
    Client,
    Contact,
    ContactGroupMember,
    ContactTag,
    Lead,
    Stage,
    StageKind,
)
from services import clock, search

STATUSES = ('contact', 'lead', 'client')


class ContactFilter(BaseModel):
    """Field names are the URL's query parameters (`/contacts?status=lead&tags=3&city=Austin`).

    `tags` holds tag ids (any of them matches): a segment keeps meaning the same after a tag is renamed, and
    the tag service retargets saved segments when tags are merged or deleted."""

    model_config = ConfigDict(frozen=True)

    q: str = ''
    status: Literal['', 'contact', 'lead', 'client'] = ''
    tags: tuple[int, ...] = ()
    source: str = ''
    city: str = ''
    state: str = ''
    country: str = ''
    contacted: Literal['', 'before', 'after', 'never'] = ''
    contacted_on: date | None = None
    calls_days: int = 0  # engagement window; 0 = off
    calls: Literal['', 'some', 'none'] = ''
    group: int | None = None

    @field_validator('q', 'source', 'city', 'state', 'country', mode='before')
    @classmethod
    def _text(cls, value: object) -> str:
        return str(value or '').strip()[:200]

    @field_validator('status', 'contacted', 'calls', mode='before')
    @classmethod
    def _choice(cls, value: object) -> str:
        return str(value or '').strip().lower()

    @field_validator('tags', mode='before')
    @classmethod
    def _ids(cls, value: object) -> tuple[int, ...]:
        if isinstance(value, str | int):
            value = str(value).split(',')
        out: dict[int, None] = {}
        for item in value or ():
            text = str(item).strip()
            if text.isdigit():
                out[int(text)] = None
        return tuple(out)

    @field_validator('contacted_on', 'group', mode='before')
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value in ('', None) else value

    @field_validator('calls_days', mode='before')
    @classmethod
    def _days(cls, value: object) -> int:
        try:
            return max(0, min(3650, int(str(value or 0))))
        except ValueError:
            return 0

    @classmethod
    def from_query(cls, params: dict[str, str | list[str]]) -> 'ContactFilter':
        """From URL parameters; anything unreadable is dropped rather than refused (a bookmark still opens)."""
        data: dict[str, object] = {}
        for name in cls.model_fields:
            if name in params:
                data[name] = params[name]
        try:
            return cls.model_validate(data)
        except ValueError:
            kept = {}
            for name, value in data.items():
                try:
                    cls.model_validate({name: value})
                    kept[name] = value
                except ValueError:
                    continue
            return cls.model_validate(kept)

    def as_query(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for name, value in self.model_dump(mode='json').items():
            if name == 'tags':
                pairs += [('tags', str(t)) for t in value]
            elif value not in ('', None, 0, []):
                pairs.append((name, str(value)))
        return pairs

    @property
    def is_empty(self) -> bool:
        return self == ContactFilter()


def client_exists() -> ColumnElement[bool]:
    """A contact is a Client when it is a client's primary contact or one of its leads was converted.

    Written as IN (subquery) rather than a correlated EXISTS: SQLite builds the subquery's set once, so a
    filter over 100,000 contacts stays a quick scan instead of two lookups per row."""
    primary = select(Client.primary_contact_id).where(col(Client.primary_contact_id).is_not(None))
    converted = select(Lead.contact_id).where(col(Lead.converted_at).is_not(None))
    return or_(col(Contact.id).in_(primary), col(Contact.id).in_(converted))


def open_lead_exists() -> ColumnElement[bool]:
    open_stages = select(Stage.id).where(Stage.kind == StageKind.OPEN)
    return col(Contact.id).in_(select(Lead.contact_id).where(col(Lead.stage_id).in_(open_stages)))


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def where(filters: ContactFilter) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        matched = search.matches(filters.q)
        if matched is not None:
            conditions.append(matched)
    if filters.status == 'client':
        conditions.append(client_exists())
    elif filters.status == 'lead':
        conditions.append(and_(open_lead_exists(), ~client_exists()))
    elif filters.status == 'contact':
        conditions.append(and_(~open_lead_exists(), ~client_exists()))
    if filters.tags:
        conditions.append(
            exists().where(
                col(ContactTag.contact_id) == col(Contact.id), col(ContactTag.tag_id).in_(filters.tags)
            )
        )
    for name in ('source', 'city', 'state', 'country'):
        value = getattr(filters, name)
        if value:
            conditions.append(func.lower(getattr(Contact, name)) == value.lower())
    if filters.contacted == 'never':
        conditions.append(col(Contact.last_contacted_at).is_(None))
    elif filters.contacted == 'before' and filters.contacted_on:
        conditions.append(col(Contact.last_contacted_at) < _day_start(filters.contacted_on))
    elif filters.contacted == 'after' and filters.contacted_on:
        conditions.append(
            col(Contact.last_contacted_at) >= _day_start(filters.contacted_on + timedelta(days=1))
        )
    if filters.calls_days and filters.calls:
        called = col(Contact.id).in_(
            select(Activity.contact_id).where(
                col(Activity.kind) == ActivityKind.CALL,
                col(Activity.created_at) >= clock.now() - timedelta(days=filters.calls_days),
                col(Activity.contact_id).is_not(None),
            )
        )
        conditions.append(called if filters.calls == 'some' else ~called)
    if filters.group is not None:
        conditions.append(
            exists().where(
                col(ContactGroupMember.contact_id) == col(Contact.id),
                col(ContactGroupMember.group_id) == filters.group,
            )
        )
    return and_(true(), *conditions)
