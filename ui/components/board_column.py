"""One stage column: header (color, name, live count), its cards in call order, and "Show more".

A refresh diffs the new card list against what is on screen: unchanged cards keep their elements, so a
live update costs a few elements per changed card, not a whole column per connected browser."""

from collections.abc import Callable

from nicegui import ui

from models import StageKind, StageRead, UserRead
from services.board import PAGE_SIZE, BoardCard, CardCursor, ColumnPage
from ui.components.lead_card import LeadCard, safe_color


class BoardColumn:
    def __init__(
        self,
        stage: StageRead,
        *,
        user: UserRead,
        load: Callable[['BoardColumn', CardCursor | None, int], ColumnPage],
        on_drop: Callable,
        on_drag_start: Callable[[], None],
        now: Callable,
    ) -> None:
        self.stage = stage
        self.user = user
        self._load = load
        self._now = now
        self.shown: dict[int, LeadCard] = {}
        self.cursor: CardCursor | None = None
        self.count = 0
        with (
            ui.column()
            .classes(
                'board-column shrink-0 flex-1 min-w-[15.5rem] max-w-[22rem] max-sm:min-w-[85vw] gap-2 rounded-xl bg-slate-100/80 p-2 snap-start'
            )
            .props(f'data-stage={stage.key}')
            .mark(f'column-{stage.key.lower()}') as self.root
        ):
            with ui.row().classes('w-full items-center gap-2 px-1 pt-1 no-wrap'):
                self.dot = ui.element('span').classes('w-2.5 h-2.5 rounded-full shrink-0')
                self.title = ui.label().classes('font-semibold text-slate-800 truncate')
                ui.space()
                self.badge = (
                    ui.label('0')
                    .classes('text-xs font-semibold text-slate-600 bg-white rounded-full px-2 py-0.5 border')
                    .props('data-count=0')
                    .mark(f'count-{stage.key.lower()}')
                )
            # on wider screens each column scrolls on its own, so headers and the other columns stay in view
            self.container = ui.column().classes(
                'board-cards w-full gap-2 min-h-24 sm:max-h-[calc(100vh-250px)] sm:overflow-y-auto no-wrap pr-0.5'
            )
            self.container.props['data-stage-cards'] = stage.key
            self.container.make_sortable(group='board', on_end=on_drop)
            self.container.on('dragstart', on_drag_start, js_handler='() => emit()')
            self.more = (
                ui.button('Show more', icon='expand_more', on_click=self.show_more)
                .props('flat dense no-caps color=grey-8')
                .classes('w-full')
                .mark(f'more-{stage.key.lower()}')
            )
        self.set_stage(stage)

    @property
    def closed(self) -> bool:
        return self.stage.kind != StageKind.OPEN

    def set_stage(self, stage: StageRead) -> None:
        self.stage = stage
        self.dot.style(f'background-color: {safe_color(stage.color)}')
        self.title.set_text(stage.name)

    def set_count(self, count: int) -> None:
        if count == self.count and self.badge.props.get('data-count') == count:
            return  # most live updates touch two columns: leave the others' elements alone
        self.count = count
        self.badge.set_text(f'{count:,}')
        self.badge.props['data-count'] = count

    def lead_of(self, element_id: int) -> int | None:
        return next((lead_id for lead_id, card in self.shown.items() if card.id == element_id), None)

    def card(self, lead_id: int) -> BoardCard | None:
        shown = self.shown.get(lead_id)
        return shown.card if shown is not None else None

    @property
    def wanted(self) -> int:
        """How many cards a refresh re-reads: what is shown, at least a page."""
        return max(PAGE_SIZE, len(self.shown))

    def show_more(self) -> None:
        if self.cursor is None:
            return
        page = self._load(self, self.cursor, PAGE_SIZE)
        now = self._now()
        with self.container:
            for card in page.cards:
                if card.id not in self.shown:
                    self.shown[card.id] = self._new_card(card, now)
        self.cursor = page.next_cursor
        self.more.set_visibility(self.cursor is not None)

    def release(self, page: ColumnPage) -> dict[int, LeadCard]:
        """Take out the cards this page no longer holds, undeleted: a card that moved to another column is
        moved there as it is (place), which costs far less than drawing a new one on every open board."""
        wanted = {card.id for card in page.cards}
        return {lead_id: self.shown.pop(lead_id) for lead_id in [i for i in self.shown if i not in wanted]}

    def place(self, page: ColumnPage, loose: dict[int, LeadCard]) -> None:
        """Show the page's cards in order: kept, taken from `loose` (other columns' released cards, which
        this pops), or new."""
        now = self._now()
        slot = self.container.default_slot
        order: list[LeadCard] = []
        for card in page.cards:
            current = self.shown.get(card.id)
            if current is None:
                current = loose.pop(card.id, None)
            if current is None or current.is_deleted:
                with self.container:
                    current = self._new_card(card, now)
            else:
                if current.parent_slot is not slot:
                    current.move(self.container)  # from another column, or dragged out and back
                current.show(card, now, closed=self.closed)  # props only: a no-op when nothing changed
            self.shown[card.id] = current
            order.append(current)
        for stray in [child for child in slot.children if child not in order]:
            # a card dragged in here whose move was refused or has not landed yet (its column, if it keeps
            # the lead, sees it deleted and draws it again)
            if isinstance(stray, LeadCard):
                loose.pop(stray.card.id, None)
            self._drop(stray)
        if slot.children != order:
            slot.children[:] = order
            self.container.update()
        self.cursor = page.next_cursor
        self.more.set_visibility(self.cursor is not None)

    def _new_card(self, card: BoardCard, now) -> LeadCard:
        return LeadCard(card, user=self.user, now=now, closed=self.closed)

    @staticmethod
    def _drop(element: ui.element) -> None:
        if not element.is_deleted:
            element.delete()
