"""The pipeline board and the call list: cards per column in call order with keyset pagination, live
counts, the paged and sortable call list, and the choices their filters offer.

Call order (board columns and call list alike): scheduled calls by time, so overdue ones come first with
the oldest on top and a lead floats up as its call approaches; then unscheduled leads, newest first
("newest" is the highest id: ids follow creation, and the (stage_id, next_call_at, id) index serves both
halves without a sort)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session, col

from models import Client, Contact, ContactTag, Lead, Stage, StageRead, Tag, TagRead, User, UserRead
from services import access, app_settings, clock, db
from services.board_query import BoardFilter, base_select, where

PAGE_SIZE = 20
LIST_PAGE_SIZE = 50
LIST_SORTS = ('call', 'name', 'company', 'stage', 'next_call', 'last_contacted')


class Person(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    initials: str


class BoardCard(BaseModel):
    """What a card (and a call-list row) shows; `claimed_by`/`claim_expires_at` only while a claim is live."""

    model_config = ConfigDict(frozen=True)

    id: int
    contact_id: int
    stage_id: int
    name: str
    company: str
    email: str
    phone: str
    source: str
    tags: tuple[TagRead, ...]
    next_call_at: datetime | None
    last_contacted_at: datetime | None
    owner: Person | None
    claimed_by: Person | None
    claim_expires_at: datetime | None
    version: int


class CardCursor(BaseModel):
    """Where a column's next page starts: after this card in call order."""

    model_config = ConfigDict(frozen=True)

    next_call_at: datetime | None
    id: int


class ColumnPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    cards: tuple[BoardCard, ...]
    next_cursor: CardCursor | None


class CallListPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: tuple[BoardCard, ...]
    total: int
    page: int
    pages: int


class FilterOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    stages: tuple[StageRead, ...]
    tags: tuple[TagRead, ...]
    users: tuple[UserRead, ...]
    sources: tuple[str, ...]
    product_types: tuple[str, ...]
    regions: tuple[str, ...]
    clients: tuple[tuple[int, str], ...]


def column_page(
    *,
    actor: UserRead,
    filters: BoardFilter,
    stage_id: int,
    after: CardCursor | None = None,
    limit: int = PAGE_SIZE,
) -> ColumnPage:
    """One column's cards after `after` (None: from the top); `next_cursor` is None on the last page."""
    with db.session() as s:
        user = access.current(s, actor)
        base = base_select(s, user, filters, Lead.id, Lead.next_call_at).where(col(Lead.stage_id) == stage_id)
        rows: list = []
        if after is None or after.next_call_at is not None:
            scheduled = base.where(col(Lead.next_call_at).is_not(None))
            if after is not None:
                scheduled = scheduled.where(
                    or_(
                        col(Lead.next_call_at) > after.next_call_at,
                        and_(col(Lead.next_call_at) == after.next_call_at, col(Lead.id) > after.id),
                    )
                )
            order = scheduled.order_by(col(Lead.next_call_at), col(Lead.id))
            rows = list(s.execute(order.limit(limit + 1)).all())
        if len(rows) <= limit:
            unscheduled = base.where(col(Lead.next_call_at).is_(None))
            if after is not None and after.next_call_at is None:
                unscheduled = unscheduled.where(col(Lead.id) < after.id)
            order = unscheduled.order_by(col(Lead.id).desc())
            rows += s.execute(order.limit(limit + 1 - len(rows))).all()
        more = len(rows) > limit
        rows = rows[:limit]
        cards = _cards(s, [r.id for r in rows])
    cursor = CardCursor(next_call_at=rows[-1].next_call_at, id=rows[-1].id) if more else None
    return ColumnPage(cards=tuple(cards), next_cursor=cursor)


def counts(*, actor: UserRead, filters: BoardFilter) -> dict[int, int]:
    """Leads per stage id under the same visibility and filters as the cards (stages without any: absent)."""
    with db.session() as s:
        user = access.current(s, actor)
        query = base_select(s, user, filters, Lead.stage_id, func.count()).group_by(col(Lead.stage_id))
        return {stage_id: n for stage_id, n in s.execute(query).all()}


def stages_of(*, actor: UserRead, lead_ids: set[int] | frozenset[int]) -> dict[int, int]:
    """lead id -> stage id for the given leads the actor can see (a live update locating its columns)."""
    if not lead_ids:
        return {}
    with db.session() as s:
        user = access.current(s, actor)
        query = base_select(s, user, BoardFilter(), Lead.id, Lead.stage_id).where(col(Lead.id).in_(lead_ids))
        return {lead_id: stage_id for lead_id, stage_id in s.execute(query).all()}


def call_list(
    *,
    actor: UserRead,
    filters: BoardFilter,
    sort: str = 'call',
    descending: bool = False,
    page: int = 1,
    per_page: int = LIST_PAGE_SIZE,
) -> CallListPage:
    """The call list: visible, filtered leads in call order (or sorted by a column), one page of them."""
    if sort not in LIST_SORTS:
        sort = 'call'
    with db.session() as s:
        user = access.current(s, actor)
        counted = (
            select(func.count()).select_from(Lead).join(Contact, col(Contact.id) == col(Lead.contact_id))
        )
        total = s.execute(counted.where(where(s, user, filters))).scalar_one()
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        query = (
            select(Lead.id)
            .select_from(Lead)
            .join(Contact, col(Contact.id) == col(Lead.contact_id))
            .join(Stage, col(Stage.id) == col(Lead.stage_id))
            .where(where(s, user, filters))
            .order_by(*_list_order(sort, descending))
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
        rows = _cards(s, list(s.execute(query).scalars()))
    return CallListPage(rows=tuple(rows), total=total, page=page, pages=pages)


def _list_order(sort: str, descending: bool) -> list:
    if sort == 'call':
        unscheduled = col(Lead.next_call_at).is_(None)
        return [unscheduled, col(Lead.next_call_at), case((unscheduled, -col(Lead.id)), else_=col(Lead.id))]
    key = {
        'name': func.lower(Contact.name),
        'company': func.lower(Contact.company),
        'stage': col(Stage.position),
        'next_call': col(Lead.next_call_at),
        'last_contacted': col(Contact.last_contacted_at),
    }[sort]
    # empty values sort last in either direction: a sort is for finding what is there
    empty = key.is_(None) if sort in ('next_call', 'last_contacted') else key == ''
    return [empty, key.desc() if descending else key.asc(), col(Lead.id)]


def _cards(s: Session, lead_ids: list[int]) -> list[BoardCard]:
    """Cards for lead ids, in the given order: three queries however many cards."""
    if not lead_ids:
        return []
    rows = s.execute(
        select(Lead, Contact)
        .join(Contact, col(Contact.id) == col(Lead.contact_id))
        .where(col(Lead.id).in_(lead_ids))
    ).all()
    by_id = {lead.id: (lead, contact) for lead, contact in rows}
    contact_ids = {contact.id for _, contact in rows}
    tags: dict[int, list[TagRead]] = {}
    for contact_id, tag in s.execute(
        select(ContactTag.contact_id, Tag)
        .join(Tag, col(Tag.id) == col(ContactTag.tag_id))
        .where(col(ContactTag.contact_id).in_(contact_ids))
        .order_by(func.lower(Tag.name))
    ).all():
        tags.setdefault(contact_id, []).append(TagRead.model_validate(tag))
    people = _people(s, {i for lead, _ in rows for i in (lead.owner_id, lead.claimed_by_id) if i is not None})
    now = clock.now()
    cards = []
    for lead_id in lead_ids:
        if lead_id not in by_id:
            continue  # deleted between the two queries
        lead, contact = by_id[lead_id]
        live = lead.claimed_by_id is not None and lead.claim_expires_at is not None
        live = live and lead.claim_expires_at > now
        cards.append(
            BoardCard(
                id=lead.id,
                contact_id=contact.id,
                stage_id=lead.stage_id,
                name=contact.name,
                company=contact.company,
                email=contact.email,
                phone=contact.phone,
                source=lead.source,
                tags=tuple(tags.get(contact.id, ())),
                next_call_at=lead.next_call_at,
                last_contacted_at=contact.last_contacted_at,
                owner=people.get(lead.owner_id) if lead.owner_id else None,
                claimed_by=people.get(lead.claimed_by_id) if live and lead.claimed_by_id else None,
                claim_expires_at=lead.claim_expires_at if live else None,
                version=lead.version,
            )
        )
    return cards


def _people(s: Session, user_ids: set[int]) -> dict[int, Person]:
    if not user_ids:
        return {}
    found = s.execute(select(User).where(col(User.id).in_(user_ids))).scalars()
    return {u.id: Person(id=u.id, name=u.display_name or u.username, initials=_initials(u)) for u in found}


def _initials(user: User) -> str:
    parts = user.display_name.split() or [user.username]
    return ''.join(p[0] for p in parts[:2]).upper()


def filter_options(*, actor: UserRead) -> FilterOptions:
    """Stages, tags, active users, sources, product types, regions and clients to choose from."""
    with db.session() as s:
        access.current(s, actor)
        stages = s.execute(select(Stage).order_by(col(Stage.position), col(Stage.id))).scalars()
        tags = s.execute(select(Tag).order_by(func.lower(Tag.name))).scalars()
        team = s.execute(
            select(User).where(col(User.active).is_(True)).order_by(func.lower(User.display_name))
        ).scalars()
        clients = s.execute(select(Client.id, Client.name).order_by(func.lower(Client.name)).limit(2000))
        settings = {key: app_settings.read(s, key) for key in ('lead_sources', 'product_types', 'regions')}
        return FilterOptions(
            stages=tuple(StageRead.model_validate(st) for st in stages),
            tags=tuple(TagRead.model_validate(t) for t in tags),
            users=tuple(UserRead.model_validate(u) for u in team),
            sources=tuple(settings['lead_sources']),
            product_types=tuple(settings['product_types']),
            regions=tuple(settings['regions']),
            clients=tuple((cid, name) for cid, name in clients.all()),
        )
