"""/contacts: everyone in one server-side paginated table, with filters in the URL, segments, groups and
bulk actions."""

from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from models import UserRead
from services.contact_filter import ContactFilter
from services.contact_list import SORTS
from ui.components.contact_bulk import ContactBulkBar
from ui.components.contact_filters import ContactFilters
from ui.components.contact_segments import SegmentPanel
from ui.components.contact_table import ContactTable, TableState
from ui.frame import frame
from ui.routing import page


def read_state(request: Request) -> TableState:
    params = request.query_params
    data: dict[str, str | list[str]] = {k: params.get(k, '') for k in params if k != 'tags'}
    data['tags'] = params.getlist('tags')
    sort = params.get('sort', 'name')
    try:
        page_number = max(1, int(params.get('page', '1')))
        per_page = int(params.get('per_page', '50'))
    except ValueError:
        page_number, per_page = 1, 50
    return TableState(
        filters=ContactFilter.from_query(data),
        sort=sort if sort in SORTS else 'name',
        descending=params.get('desc') == '1',
        page=page_number,
        per_page=per_page if per_page in (25, 50, 100, 200) else 50,
    )


def state_url(state: TableState) -> str:
    pairs = state.filters.as_query()
    if state.sort != 'name':
        pairs.append(('sort', state.sort))
    if state.descending:
        pairs.append(('desc', '1'))
    if state.page != 1:
        pairs.append(('page', str(state.page)))
    if state.per_page != 50:
        pairs.append(('per_page', str(state.per_page)))
    return '/contacts' + (f'?{urlencode(pairs)}' if pairs else '')


async def contacts(user: UserRead, request: Request) -> None:
    state = read_state(request)
    shown_url = [state_url(state)]
    with frame('Contacts', user, active='Contacts'):
        with ui.row().classes('w-full items-center gap-2 wrap'):
            ui.label('Contacts').classes('text-2xl font-semibold')
            total = ui.label().classes('text-slate-500').mark('contacts-total')
            ui.space()
            ui.button(
                'Duplicates', icon='call_merge', on_click=lambda: ui.navigate.to('/contacts/duplicates')
            ).props('outline no-caps').mark('open-duplicates')
        with ui.row().classes('w-full gap-4 no-wrap items-start max-lg:flex-wrap'):
            with ui.card().classes('w-52 shrink-0 p-3 max-lg:w-full max-lg:order-last'):
                panel = SegmentPanel(user, lambda: state.filters)
            with ui.column().classes('flex-1 min-w-0 gap-3'):

                def state_changed(new: TableState) -> None:
                    url = state_url(new)
                    if url != shown_url[0]:
                        shown_url[0] = url
                        ui.navigate.history.replace(url)
                        panel.show()
                    total.set_text(f'{table.total:,} {"person" if table.total == 1 else "people"}')

                async def filters_changed(filters: ContactFilter) -> None:
                    await table.set_filters(filters)

                ContactFilters(user, state.filters, filters_changed, on_save=lambda: panel.save_dialog())
                table_holder = ui.column().classes('w-full min-w-0 max-w-full gap-2 overflow-hidden')
                with table_holder:
                    bulk_slot = ui.row().classes('w-full')
                    table = ContactTable(user, state, state_changed)
                with bulk_slot:
                    ContactBulkBar(user, table)
        await table.load()


def create() -> None:
    @page('/contacts', title='Contacts')
    async def contacts_page(user: UserRead, request: Request) -> None:
        await contacts(user, request)
