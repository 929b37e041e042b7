"""The pipeline board: cards per column in call order with keyset pagination, live counts, and the card
read model (services/board_cards.py) the call list shares (services/board_list.py).

Call order (board columns and call list alike): scheduled calls by time, so overdue ones come first with
the oldest on top and a lead floats up as its call approaches; then unscheduled leads, newest first
("newest" is the highest id: ids follow creation, and the (stage_id, next_call_at, id) index serves both
halves without a sort)."""

from datetime import UTC, datetime
from itertools import groupby, islice
from operator import itemgetter
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict
from sqlalchemy import String, and_, case, func, or_, type_coerce
from sqlmodel import Session, col

from models import Lead, User, UserRead
from services import access, board_cache, db
from services.board_cards import BoardCard, load_cards
from services.board_query import BoardFilter, base_select

PAGE_SIZE = 20


class CardCursor(BaseModel):
    """Where a column's next page starts: after this card in call order."""

    model_config = ConfigDict(frozen=True)

    next_call_at: datetime | None
    id: int


class ColumnPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    cards: tuple[BoardCard, ...]
    next_cursor: CardCursor | None


class BoardSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    counts: dict[int, int]
    columns: dict[int, ColumnPage]


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
        rows, cursor = _page_rows(s, user, filters, stage_id, after, limit)
        return ColumnPage(cards=tuple(load_cards(s, [r.id for r in rows])), next_cursor=cursor)


def load_board(*, actor: UserRead, filters: BoardFilter, limits: dict[int, int]) -> BoardSnapshot:
    """Counts for every stage and the first `limits[stage_id]` cards of the given columns, in one unit of
    work (a page build or a live refresh). Identical views are shared for a moment: see board_cache."""
    viewer = board_cache.viewer(actor.id)
    if viewer is not None:
        cached = board_cache.get(_snapshot_key(viewer, filters, limits))
        if cached is not None:
            return cached
    with db.session() as s:
        user = access.current(s, actor)
        key = _snapshot_key(board_cache.remember_viewer(user), filters, limits)
        generation = board_cache.generation()
        if filters.q:
            stage_counts, pages = _search_pages(s, user, filters, limits)
        else:
            query = base_select(s, user, filters, Lead.stage_id, func.count()).group_by(col(Lead.stage_id))
            stage_counts = {stage_id: n for stage_id, n in s.execute(query).all()}
            pages = {
                stage_id: _page_rows(s, user, filters, stage_id, None, limit)
                if stage_counts.get(stage_id)
                else ([], None)
                for stage_id, limit in limits.items()
            }
        cards = {c.id: c for c in load_cards(s, [r.id for rows, _ in pages.values() for r in rows])}
    snapshot = BoardSnapshot(
        counts=stage_counts,
        columns={
            stage_id: ColumnPage(cards=tuple(cards[r.id] for r in rows if r.id in cards), next_cursor=cursor)
            for stage_id, (rows, cursor) in pages.items()
        },
    )
    board_cache.put(key, snapshot, generation)
    return snapshot


def _snapshot_key(viewer: board_cache.Viewer, filters: BoardFilter, limits: dict[int, int]) -> tuple:
    return (str(db.engine().url), *board_cache.view_key(viewer, filters, limits))


class _Match(NamedTuple):
    stage_id: int
    id: int
    next_call_at: datetime | None


def _search_pages(
    s: Session, user: User, filters: BoardFilter, limits: dict[int, int]
) -> tuple[dict[int, int], dict[int, tuple[list, CardCursor | None]]]:
    """With a search, one statement reads every match in (stage, call order) — id, stage and call time,
    all from the covering contact_id index — and each column keeps its first page and counts the rest as
    they stream by. With thousands of matches that is far cheaper than numbering them with window
    functions, and the full-text lookup runs once rather than once per column and per count."""
    unscheduled = col(Lead.next_call_at).is_(None)
    # the time as its stored text, which sorts like the times: parsing thousands of them would cost more
    # than the whole query, and only the few shown need it
    stored_call = type_coerce(col(Lead.next_call_at), String)
    query = base_select(s, user, filters, Lead.stage_id, Lead.id, stored_call).order_by(
        col(Lead.stage_id),
        unscheduled,
        col(Lead.next_call_at),
        case((unscheduled, -col(Lead.id)), else_=col(Lead.id)),
    )
    counts: dict[int, int] = {}
    found: dict[int, list[_Match]] = {}
    # Core rather than ORM execution: no per-row ORM bookkeeping for thousands of rows
    for stage_id, matches in groupby(s.connection().execute(query), key=itemgetter(0)):
        first = [_Match(r[0], r[1], _stored_time(r[2])) for r in islice(matches, limits.get(stage_id, 0) + 1)]
        found[stage_id] = first
        counts[stage_id] = len(first) + sum(1 for _ in matches)
    pages = {}
    for stage_id, limit in limits.items():
        first = found.get(stage_id, [])
        shown = first[:limit]
        pages[stage_id] = (
            shown,
            CardCursor(next_call_at=shown[-1].next_call_at, id=shown[-1].id) if len(first) > limit else None,
        )
    return counts, pages


def _stored_time(stored: str | datetime | None) -> datetime | None:
    """A time read past its column type: SQLite gives the stored UTC text, PostgreSQL a datetime."""
    if stored is None or isinstance(stored, datetime):
        return stored
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def _page_rows(
    s: Session, user: User, filters: BoardFilter, stage_id: int, after: CardCursor | None, limit: int
) -> tuple[list, CardCursor | None]:
    """Keyset pagination in call order: scheduled calls by (time, id), then unscheduled by id descending."""
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
    cursor = CardCursor(next_call_at=rows[-1].next_call_at, id=rows[-1].id) if more else None
    return rows, cursor


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
