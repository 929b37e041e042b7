"""What the board and the call list share: the filter a user set (also their URL), and turning it into one
WHERE clause over Lead (joined to Contact) that already includes what the user may see."""

from datetime import datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import ColumnElement, and_, exists, false, select, true
from sqlmodel import Session, col, func

from models import Contact, ContactTag, Lead, Stage, Tag, User
from services import clock, search
from services.leads import visible

OWNER_ME = 'me'
OWNER_UNASSIGNED = 'unassigned'


class BoardFilter(BaseModel):
    """One view of the pipeline. Field names are the URL's query parameters (`/leads?q=ana&tag=vip`)."""

    model_config = ConfigDict(frozen=True)

    q: str = ''
    stage: str = ''  # stage key
    tag: tuple[str, ...] = ()  # tag names (any of them matches)
    owner: str = ''  # '', 'me', 'unassigned' or a username
    source: str = ''
    due: bool = False  # calls due: overdue or due today
    region: str = ''
    batch: int | None = None  # `?import=<id>`: the leads one import created (the import summary links here)

    @field_validator('batch', mode='before')
    @classmethod
    def _batch(cls, value: object) -> int | None:
        text = str(value or '').strip()
        return int(text) if text.isdigit() else None

    @field_validator('q', 'stage', 'owner', 'source', 'region', mode='before')
    @classmethod
    def _text(cls, value: object) -> str:
        return str(value or '').strip()[:200]

    @field_validator('tag', mode='before')
    @classmethod
    def _tags(cls, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        seen: dict[str, None] = {}
        for name in value or ():
            if str(name).strip():
                seen[str(name).strip()] = None
        return tuple(seen)

    @property
    def is_empty(self) -> bool:
        return self == BoardFilter(region=self.region)

    def as_query(self) -> list[tuple[str, str]]:
        """The URL query pairs for this filter (region lives in the path, not the query)."""
        pairs = [
            (name, getattr(self, name)) for name in ('q', 'stage', 'owner', 'source') if getattr(self, name)
        ]
        pairs += [('tag', name) for name in self.tag]
        if self.due:
            pairs.append(('due', '1'))
        if self.batch is not None:
            pairs.append(('import', str(self.batch)))
        return pairs


def end_of_today() -> datetime:
    """Midnight ending the server's local day, as UTC: "due today" means before it."""
    local_now = clock.now().astimezone()
    tomorrow = datetime.combine(local_now.date() + timedelta(days=1), time(), tzinfo=local_now.tzinfo)
    return tomorrow.astimezone(clock.now().tzinfo)


def needs_contact(filters: BoardFilter) -> bool:
    return bool(filters.region)


def where(s: Session, user: User, filters: BoardFilter) -> ColumnElement[bool]:
    """Visibility and filters as one condition; callers join Contact when `needs_contact(filters)`."""
    conditions: list[ColumnElement[bool]] = [visible(user)]
    if filters.q:
        matched = search.matches(filters.q, on=Lead.contact_id)
        if matched is not None:
            conditions.append(matched)
    if filters.region:
        conditions.append(col(Contact.region) == filters.region)
    if filters.stage:
        stage_id = s.execute(select(Stage.id).where(Stage.key == filters.stage)).scalar()
        conditions.append(col(Lead.stage_id) == stage_id if stage_id is not None else false())
    if filters.tag:
        names = [name.lower() for name in filters.tag]
        tag_ids = select(Tag.id).where(col(Tag.name_norm).in_(names))
        conditions.append(
            exists().where(
                col(ContactTag.contact_id) == col(Lead.contact_id), col(ContactTag.tag_id).in_(tag_ids)
            )
        )
    if filters.owner == OWNER_ME:
        conditions.append(col(Lead.owner_id) == user.id)
    elif filters.owner == OWNER_UNASSIGNED:
        conditions.append(col(Lead.owner_id).is_(None))
    elif filters.owner:
        owner_id = s.execute(
            select(User.id).where(func.lower(User.username) == filters.owner.lower())
        ).scalar()
        conditions.append(col(Lead.owner_id) == owner_id if owner_id is not None else false())
    if filters.source:
        conditions.append(func.lower(Lead.source) == filters.source.lower())
    if filters.due:
        conditions.append(col(Lead.next_call_at) < end_of_today())
    if filters.batch is not None:
        conditions.append(col(Lead.import_batch_id) == filters.batch)
    return and_(true(), *conditions)


def base_select(s: Session, user: User, filters: BoardFilter, *columns):
    query = select(*columns).select_from(Lead)
    if needs_contact(filters):
        query = query.join(Contact, col(Contact.id) == col(Lead.contact_id))
    return query.where(where(s, user, filters))
