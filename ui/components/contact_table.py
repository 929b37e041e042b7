"""The contacts table: one page of rows at a time from the database (Quasar's server-side mode), sortable,
with row selection that bulk actions use, and live refresh when contacts change anywhere."""

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import run, ui

from models import UserRead
from services import contact_list
from services.contact_bulk import Selection
from services.contact_filter import ContactFilter
from services.contact_list import ContactRow
from ui import live

CLIP = 'max-width: 11rem; overflow: hidden; text-overflow: ellipsis'
COLUMNS = [
    {'name': 'name', 'label': 'Name', 'field': 'name', 'sortable': True, 'align': 'left'},
    {
        'name': 'company',
        'label': 'Company',
        'field': 'company',
        'sortable': True,
        'align': 'left',
        'style': CLIP,
    },
    {'name': 'email', 'label': 'Email', 'field': 'email', 'sortable': True, 'align': 'left', 'style': CLIP},
    {'name': 'phone', 'label': 'Phone', 'field': 'phone', 'sortable': True, 'align': 'left'},
    {'name': 'status', 'label': 'Status', 'field': 'status', 'sortable': True, 'align': 'left'},
    {'name': 'tags', 'label': 'Tags', 'field': 'tags', 'align': 'left'},
    {'name': 'owner', 'label': 'Owner', 'field': 'owner', 'align': 'left'},
    {
        'name': 'last_contacted',
        'label': 'Last contacted',
        'field': 'last_contacted',
        'sortable': True,
        'align': 'left',
    },
    # a laptop screen has room for everything but the created date: it shows from 1536 px up
    {
        'name': 'created',
        'label': 'Created',
        'field': 'created',
        'sortable': True,
        'align': 'left',
        'classes': 'max-2xl:hidden',
        'headerClasses': 'max-2xl:hidden',
    },
]
# Vue templates interpolate with {{ }}, which renders text, never HTML: user data stays text
NAME_SLOT = r"""
<q-td :props="props">
  <a :href="'/contacts/' + props.row.id" class="text-primary font-medium no-underline hover:underline"
     :data-testid="'contact-link-' + props.row.id">{{ props.value }}</a>
</q-td>"""
STATUS_SLOT = r"""
<q-td :props="props">
  <q-badge :color="props.value === 'Client' ? 'green-7' : props.value === 'Lead' ? 'blue-7' : 'grey-6'"
           :label="props.value" />
</q-td>"""
TAGS_SLOT = r"""
<q-td :props="props">
  <div class="flex gap-1 flex-wrap">
    <span v-for="tag in props.value" :key="tag.id" class="rounded px-1.5 text-xs text-white"
          :style="{backgroundColor: tag.color}">{{ tag.name }}</span>
  </div>
</q-td>"""


@dataclass
class TableState:
    filters: ContactFilter
    sort: str = 'name'
    descending: bool = False
    page: int = 1
    per_page: int = 50


def row_dict(row: ContactRow) -> dict:
    return {
        'id': row.id,
        'name': row.name,
        'company': row.company,
        'email': row.email,
        'phone': row.phone,
        'status': row.status,
        'tags': [t.model_dump() for t in row.tags],
        'owner': row.owner,
        'last_contacted': row.last_contacted_at.astimezone().strftime('%d %b %Y')
        if row.last_contacted_at
        else 'Never',
        'created': row.created_at.astimezone().strftime('%d %b %Y'),
    }


class ContactTable:
    def __init__(
        self, user: UserRead, state: TableState, on_state_change: Callable[[TableState], None]
    ) -> None:
        self.user = user
        self.state = state
        self.total = 0
        self.all_matching = False
        self._on_state_change = on_state_change
        self._selection_listeners: list[Callable[[], None]] = []
        self.table = (
            ui.table(
                rows=[],
                columns=COLUMNS,
                row_key='id',
                selection='multiple',
                pagination={
                    'page': state.page,
                    'rowsPerPage': state.per_page,
                    'sortBy': state.sort,
                    'descending': state.descending,
                    'rowsNumber': 0,
                },
            )
            .props('flat bordered dense binary-state-sort :rows-per-page-options="[25,50,100,200]"')
            .classes('w-full bg-white')
            .mark('contacts-table')
        )
        self.table.add_slot('body-cell-name', NAME_SLOT)
        self.table.add_slot('body-cell-status', STATUS_SLOT)
        self.table.add_slot('body-cell-tags', TAGS_SLOT)
        self.table.on('request', self._on_request)
        self.table.on_select(self._selection_changed)
        live.contacts_changed.subscribe(self._on_contacts_changed)
        live.leads_changed.subscribe(self._on_contacts_changed)
        live.tags_changed.subscribe(self._on_contacts_changed)

    def on_selection(self, fn: Callable[[], None]) -> None:
        self._selection_listeners.append(fn)

    @property
    def selected_ids(self) -> list[int]:
        return [r['id'] for r in self.table.selected]

    def selection(self) -> Selection:
        if self.all_matching:
            return Selection(filters=self.state.filters)
        return Selection(ids=tuple(self.selected_ids))

    def selection_size(self) -> int:
        return self.total if self.all_matching else len(self.table.selected)

    def select_all_matching(self, on: bool) -> None:
        self.all_matching = on
        if on:
            self.table.selected = list(self.table.rows)
            self.table.update()
        self._notify_selection()

    def clear_selection(self) -> None:
        self.all_matching = False
        self.table.selected = []
        self.table.update()
        self._notify_selection()

    def page_fully_selected(self) -> bool:
        chosen = set(self.selected_ids)
        return bool(self.table.rows) and all(r['id'] in chosen for r in self.table.rows)

    def _selection_changed(self) -> None:
        # unticking a row ends "all matching": the selection is the ticked rows again
        if self.all_matching and not self.page_fully_selected():
            self.all_matching = False
        self._notify_selection()

    def _notify_selection(self) -> None:
        for fn in self._selection_listeners:
            fn()

    async def set_filters(self, filters: ContactFilter) -> None:
        self.state.filters = filters
        self.state.page = 1
        self.clear_selection()
        await self.load()

    async def _on_request(self, e) -> None:
        p = e.args['pagination']
        self.state.sort = p.get('sortBy') or 'name'
        self.state.descending = bool(p.get('descending'))
        self.state.page = int(p.get('page') or 1)
        self.state.per_page = int(p.get('rowsPerPage') or 50)
        await self.load()

    async def load(self) -> None:
        st = self.state
        result = await run.io_bound(
            contact_list.list_contacts,
            actor=self.user,
            filters=st.filters,
            sort=st.sort,
            descending=st.descending,
            page=st.page,
            per_page=st.per_page,
        )
        self.total = result.total
        last_page = max(1, -(-result.total // st.per_page))
        if st.page > last_page:  # rows were deleted under us: show the last page that exists
            st.page = last_page
            await self.load()
            return
        self.table.rows = [row_dict(r) for r in result.rows]
        self.table.pagination = {
            'page': st.page,
            'rowsPerPage': st.per_page,
            'sortBy': st.sort,
            'descending': st.descending,
            'rowsNumber': result.total,
        }
        # ticked rows stay ticked across pages (a filter change clears them); fresh row data for this page
        fresh = {r['id']: r for r in self.table.rows}
        if self.all_matching:
            self.table.selected = list(self.table.rows)
        else:
            self.table.selected = [fresh.get(r['id'], r) for r in self.table.selected]
        self.table.update()
        self._notify_selection()
        self._on_state_change(self.state)

    async def _on_contacts_changed(self, *_args) -> None:
        await self.load()
