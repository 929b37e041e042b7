"""The live pipeline board: a column per stage, drag to move, and live updates of just what changed."""

import asyncio
import time

from nicegui import background_tasks, events, ui

from models import StageRead, UserRead
from services import board, clock, stages
from services import events as domain
from services.board import CardCursor, ColumnPage
from services.board_query import BoardFilter
from ui import live
from ui.components.board_column import BoardColumn
from ui.components.board_drop import STAGE_DROP

# one minute: relative call times and claim countdowns stay right, and a lapsed claim leaves the badge
CLOCK_TICK = 60.0
# the longest a drag may hold back live updates when its drop never reaches us (a closed tab, a lost socket)
DRAG_HOLD = 20.0

_EMPTY_COLUMN_CSS = """
.board-cards:empty::after { content: 'No leads here'; display: block; align-self: stretch; text-align: center;
  color: #94a3b8; font-size: 0.75rem; padding: 1.5rem 0; border: 1px dashed #cbd5e1; border-radius: 0.5rem; }
"""


class Board:
    def __init__(self, user: UserRead, filters: BoardFilter) -> None:
        self.user = user
        self.filters = filters
        self.columns: list[BoardColumn] = []
        self._pending: set[int] = set()
        self._flushing = False
        # while a card is in the user's hand (or its drop dialog is open) live refreshes wait: re-rendering
        # a column under a drag would drop it, or snap the card back behind an open "Lost?" dialog
        self._hold_until = 0.0
        self._drops = 0  # drops whose move is still being saved (it waits while an import writes)
        self._notice_state: tuple[bool, bool] | None = None
        ui.add_css(_EMPTY_COLUMN_CSS)
        with ui.column().classes('w-full gap-3') as self.root:
            self.notice = ui.column().classes('w-full')
            self.strip = (
                ui.row()
                .classes('board w-full gap-3 no-wrap overflow-x-auto items-start pb-3 snap-x')
                .mark('board')
            )
        self._build()
        live.leads_changed.subscribe(self._on_leads_changed)
        live.stages_changed.subscribe(self._on_stages_changed)
        live.tags_changed.subscribe(self._on_tags_changed)
        ui.timer(CLOCK_TICK, self._refresh_later)

    # ---- building -------------------------------------------------------------------------------------
    def _visible_stages(self) -> list[StageRead]:
        ordered = stages.list_stages()
        return [st for st in ordered if st.key == self.filters.stage] if self.filters.stage else ordered

    def _build(self) -> None:
        self.strip.clear()
        self.columns = []
        with self.strip:
            for stage in self._visible_stages():
                self.columns.append(self._column(stage))
        self.refresh_all()

    def _column(self, stage: StageRead) -> BoardColumn:
        return BoardColumn(
            stage,
            user=self.user,
            load=self._load,
            on_drop=self._on_drop,
            on_drag_start=self._on_drag_start,
            now=clock.now,
        )

    def _load(self, column: BoardColumn, after: CardCursor | None, limit: int) -> ColumnPage:
        return board.column_page(
            actor=self.user, filters=self.filters, stage_id=column.stage.id, after=after, limit=limit
        )

    def set_filters(self, filters: BoardFilter) -> None:
        stage_changed = filters.stage != self.filters.stage
        self.filters = filters
        if stage_changed:
            self._build()
        else:
            self.refresh_all()

    def refresh_all(self) -> None:
        self.refresh({column.stage.id for column in self.columns})

    def refresh(self, stage_ids: set[int]) -> None:
        """Every count, and the cards of these columns (as many as each shows), from one snapshot."""
        columns = [c for c in self.columns if c.stage.id in stage_ids]
        snapshot = board.load_board(
            actor=self.user, filters=self.filters, limits={c.stage.id: c.wanted for c in columns}
        )
        for column in self.columns:
            column.set_count(snapshot.counts.get(column.stage.id, 0))
        # every column lets go first, so a card that changed columns moves instead of being drawn anew
        loose = {}
        for column in columns:
            loose |= column.release(snapshot.columns[column.stage.id])
        for column in columns:
            column.place(snapshot.columns[column.stage.id], loose)
        for card in loose.values():
            if not card.is_deleted:
                card.delete()
        self._show_notice(sum(snapshot.counts.values()))

    def _show_notice(self, total: int) -> None:
        state = (total == 0, self.filters.is_empty)
        if state == self._notice_state:
            return
        self._notice_state = state
        self.notice.clear()
        if total:
            return
        with self.notice, ui.card().classes('w-full p-6 items-center text-center gap-2').mark('board-empty'):
            if self.filters.is_empty:
                ui.icon('view_kanban', size='2.5rem').classes('text-slate-400')
                ui.label('Your pipeline is empty').classes('text-lg font-semibold')
                ui.label(
                    'Add a lead with “New lead”, or bring in a spreadsheet with Import (CSV or Excel): '
                    'every lead starts in the first column and moves right as you work it.'
                ).classes('text-sm text-slate-600 max-w-xl')
                if not self.user.can_view_all_leads:
                    ui.label('You see leads you own or have claimed. Ask a manager to assign some.').classes(
                        'text-xs text-slate-500'
                    )
            else:
                ui.icon('filter_alt_off', size='2rem').classes('text-slate-400')
                ui.label('No leads match these filters').classes('text-lg font-semibold')
                ui.label('Try a shorter search or clear some filters.').classes('text-sm text-slate-600')

    # ---- live updates ---------------------------------------------------------------------------------
    def _on_leads_changed(self, event: domain.LeadsChanged) -> None:
        affected = set(event.stage_ids)
        for column in self.columns:
            if any(lead_id in column.shown for lead_id in event.lead_ids):
                affected.add(column.stage.id)
        if not event.stage_ids:
            affected |= set(board.stages_of(actor=self.user, lead_ids=event.lead_ids).values())
        self._schedule(affected)

    def _schedule(self, stage_ids: set[int]) -> None:
        self._pending |= stage_ids
        if not self._flushing:
            self._flushing = True
            background_tasks.create(self._flush(), name='board-flush')

    async def _flush(self) -> None:
        # one pass of the loop lets a burst of events (an import, a bulk assign) collapse into one refresh
        await asyncio.sleep(0)
        while time.monotonic() < self._hold_until and not _gone(self.root):
            await asyncio.sleep(0.1)
        pending, self._pending, self._flushing = self._pending, set(), False
        if not _gone(self.root):
            self.refresh(pending)

    def _on_stages_changed(self, event: domain.StagesChanged) -> None:
        wanted = self._visible_stages()
        by_id = {column.stage.id: column for column in self.columns}
        keep = {stage.id for stage in wanted}
        for column in [c for c in self.columns if c.stage.id not in keep]:
            column.root.delete()
        columns = []
        for stage in wanted:
            column = by_id.get(stage.id)
            if column is None:
                with self.strip:
                    column = self._column(stage)
            else:
                column.set_stage(stage)
            columns.append(column)
        self.columns = columns
        order = [c.root for c in columns]
        if self.strip.default_slot.children != order:
            self.strip.default_slot.children[:] = order
            self.strip.update()
        fresh = {stage.id for stage in wanted if stage.id not in by_id}
        self.refresh(fresh | set(event.stage_ids))

    def _on_tags_changed(self, event: domain.TagsChanged) -> None:
        # chips change name or color; a deleted tag may drop leads out of a tag filter
        self._refresh_later()

    def _refresh_later(self) -> None:
        """Every column, through the same queue as live updates (so it too waits for a drag to finish)."""
        self._schedule({column.stage.id for column in self.columns})

    # ---- drag and drop --------------------------------------------------------------------------------
    def _on_drag_start(self) -> None:
        # max: a drop still being saved holds until it lands
        self._hold_until = max(self._hold_until, time.monotonic() + DRAG_HOLD)

    async def _on_drop(self, e: events.SortableEventArguments) -> None:
        self._drops += 1
        self._hold_until = float('inf')
        try:
            await self._drop(e)
        finally:
            self._drops -= 1
            if not self._drops:  # a second drop made meanwhile still holds the refreshes until it lands
                self._hold_until = 0.0

    async def _drop(self, e: events.SortableEventArguments) -> None:
        source = next((c for c in self.columns if c.container is e.source), None)
        target = next((c for c in self.columns if c.container is e.target), None)
        if source is None or target is None:
            return
        lead_id = source.lead_of(e.item.id)
        card = source.card(lead_id) if lead_id is not None else None
        if card is None or target is source:
            self.refresh({source.stage.id})  # order inside a column is the call order, not a manual one
            return
        moved = await STAGE_DROP[target.stage.kind](card, target.stage, self.user)
        if not moved:
            self.refresh({source.stage.id, target.stage.id})  # the card goes back where it was


def _gone(element: ui.element) -> bool:
    # a task scheduled just before the browser left finds its client already deleted
    return element.is_deleted or element._client() is None
