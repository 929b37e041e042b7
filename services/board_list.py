"""The call list (paged, sortable, in call order by default) and the choices the board's filters offer."""

from pydantic import BaseModel, ConfigDict
from sqlalchemy import case, func, select
from sqlmodel import col

from models import Client, Contact, Lead, Stage, StageRead, Tag, TagRead, User, UserRead
from services import access, app_settings, db
from services.board_cards import BoardCard, load_cards
from services.board_query import BoardFilter, where

LIST_PAGE_SIZE = 50
LIST_SORTS = ('call', 'name', 'company', 'stage', 'next_call', 'last_contacted')


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
        rows = load_cards(s, list(s.execute(query).scalars()))
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


def filter_options(*, actor: UserRead, with_clients: bool = False) -> FilterOptions:
    """Stages, tags, active users, sources, product types, regions (and, for the New lead form, clients)."""
    with db.session() as s:
        access.current(s, actor)
        stages = s.execute(select(Stage).order_by(col(Stage.position), col(Stage.id))).scalars()
        tags = s.execute(select(Tag).order_by(func.lower(Tag.name))).scalars()
        team = s.execute(
            select(User).where(col(User.active).is_(True)).order_by(func.lower(User.display_name))
        ).scalars()
        clients = (
            s.execute(select(Client.id, Client.name).order_by(func.lower(Client.name)).limit(2000)).all()
            if with_clients
            else []
        )
        settings = {key: app_settings.read(s, key) for key in ('lead_sources', 'product_types', 'regions')}
        return FilterOptions(
            stages=tuple(StageRead.model_validate(st) for st in stages),
            tags=tuple(TagRead.model_validate(t) for t in tags),
            users=tuple(UserRead.model_validate(u) for u in team),
            sources=tuple(settings['lead_sources']),
            product_types=tuple(settings['product_types']),
            regions=tuple(settings['regions']),
            clients=tuple((cid, name) for cid, name in clients),
        )
