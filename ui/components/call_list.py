"""The call list (`/leads?view=list`): visible leads in call order, 50 a page, sortable, overdue rows marked.
A live change re-reads the page the user is on."""

import asyncio

from nicegui import background_tasks, ui

from models import StageRead, UserRead
from services import board_list, clock, stages
from services.board import BoardCard
from services.board_query import BoardFilter
from ui import live
from ui.components.lead_card import next_call_text, safe_color

# (sort key, heading, tailwind width) — 'call' is the default order and has no heading of its own
COLUMNS = (
    ('name', 'Name', 'flex-[2]'),
    ('company', 'Company', 'flex-[2] max-md:hidden'),
    ('stage', 'Stage', 'flex-1'),
    ('next_call', 'Next call', 'flex-1'),
    ('last_contacted', 'Last contacted', 'flex-1 max-md:hidden'),
)
_ROW_TONE = {'overdue': 'bg-red-50/70 border-l-red-500', 'today': 'border-l-amber-400'}
_DUE_TEXT = {'overdue': 'text-red-700 font-medium', 'today': 'text-amber-700 font-medium'}


class CallList:
    def __init__(self, user: UserRead, filters: BoardFilter) -> None:
        self.user = user
        self.filters = filters
        self.sort = 'call'
        self.descending = False
        self.page = 1
        self._stages: dict[int, StageRead] = {}
        self._scheduled = False
        self._drawn: tuple | None = None
        with ui.column().classes('w-full gap-2').mark('call-list') as self.root:
            with ui.row().classes('w-full items-center gap-2'):
                self.summary = ui.label().classes('text-sm text-slate-600').mark('call-list-summary')
                ui.space()
                self.order_button = (
                    ui.button('Call order', icon='phone_in_talk', on_click=lambda: self.sort_by('call'))
                    .props('flat dense no-caps')
                    .mark('sort-call')
                )
            self.table = ui.column().classes('w-full gap-0 bg-white rounded-lg border border-slate-200')
            self.pager = ui.pagination(1, 1, direction_links=True, on_change=self._page_changed).props(
                'max-pages=7 boundary-numbers'
            )
        self.render()
        live.leads_changed.subscribe(self._on_change)
        live.stages_changed.subscribe(self._on_change)
        live.tags_changed.subscribe(self._on_change)

    def set_filters(self, filters: BoardFilter) -> None:
        self.filters = filters
        self.page = 1
        self.render()

    def sort_by(self, key: str) -> None:
        if key == self.sort and key != 'call':
            self.descending = not self.descending
        else:
            self.sort, self.descending = key, False
        self.page = 1
        self.render()

    def _page_changed(self) -> None:
        if self.pager.value != self.page:
            self.page = self.pager.value
            self.render()

    def _on_change(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            background_tasks.create(self._rerender(), name='call-list-refresh')

    async def _rerender(self) -> None:
        await asyncio.sleep(0)  # a burst of events collapses into one re-read
        self._scheduled = False
        if not _gone(self.root):
            self.render()

    def render(self) -> None:
        result = board_list.call_list(
            actor=self.user, filters=self.filters, sort=self.sort, descending=self.descending, page=self.page
        )
        self.page = result.page
        stage_list = tuple(stages.list_stages())
        now = clock.now()
        # a live change elsewhere in the pipeline usually leaves this page as it was: then keep its ~450
        # elements instead of rebuilding them in every open call list
        drawn = (result, stage_list, self.sort, self.descending, int(now.timestamp() // 60))
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._stages = {st.id: st for st in stage_list}
        first = (result.page - 1) * board_list.LIST_PAGE_SIZE + 1
        self.summary.set_text(
            f'{first:,}–{first + len(result.rows) - 1:,} of {result.total:,} leads'
            if result.total
            else 'No leads match'
        )
        self.order_button.props(f'color={"primary" if self.sort == "call" else "grey-8"}')
        self.pager.max = result.pages
        self.pager.value = result.page
        self.pager.set_visibility(result.pages > 1)
        self.table.clear()
        with self.table:
            self._header()
            for row in result.rows:
                self._row(row, now)
            if not result.rows:
                ui.label('Nothing to call here. Clear filters, or add and import leads.').classes(
                    'p-6 text-slate-500 self-center'
                )

    def _header(self) -> None:
        with ui.row().classes(
            'w-full gap-3 px-3 py-1 border-b border-slate-200 no-wrap bg-slate-50 rounded-t-lg'
        ):
            for key, heading, width in COLUMNS:
                arrow = ''
                if key == self.sort:
                    arrow = 'arrow_downward' if self.descending else 'arrow_upward'
                button = ui.button(heading, on_click=lambda k=key: self.sort_by(k))
                button.props('flat dense no-caps size=sm color=grey-8 align=left')
                if arrow:
                    button.props(f'icon-right={arrow}')
                button.classes(f'{width} min-w-0 justify-start').mark(f'sort-{key}')
            ui.label('Owner').classes('w-12 text-[0.8rem] font-medium text-slate-600 text-right self-center')

    def _row(self, row: BoardCard, now) -> None:
        text, tone = next_call_text(row.next_call_at, now)
        stage = self._stages.get(row.stage_id)
        with (
            ui.row()
            .classes(
                f'call-row w-full gap-3 px-3 py-2 items-center no-wrap border-b border-slate-100 border-l-4 '
                f'border-l-transparent hover:bg-slate-50 cursor-pointer {_ROW_TONE.get(tone, "")}'
            )
            .props(f'data-lead={row.id} data-due={tone}')
            .on('click', lambda lead_id=row.id: ui.navigate.to(f'/leads/{lead_id}'))
        ):
            with ui.column().classes('flex-[2] min-w-0 gap-0'):
                ui.label(row.name).classes('font-medium text-slate-900 truncate w-full')
                if row.company:
                    ui.label(row.company).classes('text-xs text-slate-500 truncate w-full md:hidden')
            ui.label(row.company).classes('flex-[2] min-w-0 truncate text-slate-700 max-md:hidden')
            with ui.row().classes('flex-1 min-w-0 items-center gap-1.5 no-wrap'):
                ui.element('span').classes('w-2 h-2 rounded-full shrink-0').style(
                    f'background-color: {safe_color(stage.color) if stage else "#94a3b8"}'
                )
                ui.label(stage.name if stage else '').classes('truncate text-sm')
            ui.label(text).classes(f'flex-1 min-w-0 text-sm {_DUE_TEXT.get(tone, "text-slate-600")}')
            ui.label(_day(row.last_contacted_at, now)).classes(
                'flex-1 min-w-0 text-sm text-slate-600 max-md:hidden'
            )
            owner = row.owner.initials if row.owner else ''
            ui.label(owner).classes('w-12 text-right text-xs font-semibold text-slate-600')


def _day(when, now) -> str:
    if when is None:
        return '—'
    local = when.astimezone()
    return f'{local:%b} {local.day}' + (f', {local.year}' if local.year != now.astimezone().year else '')


def _gone(element: ui.element) -> bool:
    # a task scheduled just before the browser left finds its client already deleted
    return element.is_deleted or element._client() is None
