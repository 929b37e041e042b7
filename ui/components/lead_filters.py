"""The search box and filters above the board and the call list. Every change produces a new BoardFilter
(and the page writes it into the URL, so a reload or a shared link shows the same view)."""

from collections.abc import Callable

from nicegui import ui

from models import UserRead
from services import board_list
from services.board_list import FilterOptions
from services.board_query import OWNER_ME, OWNER_UNASSIGNED, BoardFilter
from ui import live
from ui.components.search_hint import explain_short_queries
from ui.session import attempt


class LeadFilters:
    def __init__(
        self,
        user: UserRead,
        filters: BoardFilter,
        options: FilterOptions,
        on_change: Callable[[BoardFilter], None],
    ) -> None:
        self.user = user
        self.filters = filters
        self._on_change = on_change
        self._updating = False
        with ui.row().classes('w-full items-center gap-2 wrap').mark('lead-filters') as self.root:
            with ui.row().classes('items-center gap-2 no-wrap max-sm:w-full'):
                self.search = (
                    ui.input(placeholder='Search name, email, phone, company', value=filters.q)
                    .props('outlined dense clearable debounce=250 autocomplete=off')
                    .classes('w-80 max-sm:flex-1 bg-white')
                    .mark('board-search')
                )
                with self.search.add_slot('prepend'):
                    ui.icon('search').classes('text-slate-400')
                # on a phone the filters fold away behind one button, so the cards start near the top
                ui.button(icon='tune', on_click=lambda: self.more.classes(toggle='max-sm:hidden')).props(
                    'flat round color=grey-8'
                ).classes('sm:hidden').mark('filters-toggle')
            self.search.on_value_change(self._changed)
            explain_short_queries(self.search)
            self.more = ui.row().classes('items-center gap-2 wrap max-sm:w-full')
            if filters.is_empty:
                self.more.classes('max-sm:hidden')
            with self.more:
                self._more_filters(filters)
        self._fill(options)
        self._sync_clear()
        live.stages_changed.subscribe(self._reload_options)
        live.tags_changed.subscribe(self._reload_options)
        live.users_changed.subscribe(self._reload_options)

    def _more_filters(self, filters: BoardFilter) -> None:
        self.stage = self._select('Stage', 'filter-stage')
        self.tags = self._select('Tags', 'filter-tags', multiple=True).props('use-chips')
        self.owner = self._select('Owner', 'filter-owner')
        self.source = self._select('Source', 'filter-source')
        self.due = (
            ui.checkbox('Calls due', value=filters.due)
            .props('dense')
            .classes('text-sm text-slate-700')
            .mark('filter-due')
        )
        self.due.props['title'] = 'Only leads whose next call is overdue or due today'
        self.due.on_value_change(self._changed)
        self.clear = (
            ui.button('Clear', icon='filter_alt_off', on_click=self._clear_all)
            .props('flat dense no-caps color=grey-8')
            .mark('filter-clear')
        )

    def _select(self, label: str, marker: str, *, multiple: bool = False) -> ui.select:
        select = (
            ui.select({}, label=label, multiple=multiple, clearable=True)
            .props('outlined dense options-dense')
            .classes('min-w-36 max-sm:flex-1 bg-white')
            .mark(marker)
        )
        select.on_value_change(self._changed)
        return select

    def _fill(self, options: FilterOptions) -> None:
        f = self.filters
        self._updating = True
        try:
            self.stage.set_options({st.key: st.name for st in options.stages}, value=f.stage or None)
            tag_options = {t.name.lower(): t.name for t in options.tags}
            tag_value = [name.lower() for name in f.tag if name.lower() in tag_options]
            self.tags.set_options(tag_options, value=tag_value)
            owners = {OWNER_ME: 'Me', OWNER_UNASSIGNED: 'Unassigned'}
            owners |= {
                u.username: u.display_name or u.username for u in options.users if u.id != self.user.id
            }
            if f.owner and f.owner not in owners:
                owners[f.owner] = f.owner
            self.owner.set_options(owners, value=f.owner or None)
            sources = {s: s for s in options.sources}
            if f.source and f.source not in sources:
                sources[f.source] = f.source
            self.source.set_options(sources, value=f.source or None)
        finally:
            self._updating = False

    def _reload_options(self) -> None:
        # runs on other users' changes too: a refusal (e.g. this account was deactivated meanwhile) is shown,
        # never raised into the event loop
        options = attempt(board_list.filter_options, actor=self.user)
        if options is not None:
            self._fill(options)

    def _read(self) -> BoardFilter:
        return BoardFilter(
            q=self.search.value or '',
            stage=self.stage.value or '',
            tag=list(self.tags.value or []),
            owner=self.owner.value or '',
            source=self.source.value or '',
            due=bool(self.due.value),
            region=self.filters.region,
        )

    def _changed(self) -> None:
        if self._updating:
            return
        filters = self._read()
        if filters != self.filters:
            self.filters = filters
            self._sync_clear()
            self._on_change(filters)

    def _sync_clear(self) -> None:
        self.clear.set_visibility(not self.filters.is_empty)

    def _clear_all(self) -> None:
        self._updating = True
        try:
            self.search.set_value('')
            for select in (self.stage, self.owner, self.source):
                select.set_value(None)
            self.tags.set_value([])
            self.due.set_value(False)
        finally:
            self._updating = False
        self._changed()
