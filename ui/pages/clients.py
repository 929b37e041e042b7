"""/clients (paginated, searchable; /us/clients and /ca/clients for one region) and /clients/{id}."""

from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from models import UserRead
from services import clients
from services.errors import DomainError
from ui import live
from ui.components.client_detail import ClientView
from ui.frame import frame
from ui.routing import page
from ui.session import attempt

REGION_PATHS = {'': '/clients', 'US': '/us/clients', 'CA': '/ca/clients'}
COLUMNS = [
    {'name': 'name', 'label': 'Client', 'field': 'name', 'align': 'left'},
    {
        'name': 'primary_contact',
        'label': 'Primary contact',
        'field': 'primary_contact',
        'align': 'left',
        'classes': 'max-sm:hidden',
        'headerClasses': 'max-sm:hidden',
    },
    {
        'name': 'email',
        'label': 'Email',
        'field': 'email',
        'align': 'left',
        'classes': 'max-md:hidden',
        'headerClasses': 'max-md:hidden',
    },
    {
        'name': 'phone',
        'label': 'Phone',
        'field': 'phone',
        'align': 'left',
        'classes': 'max-lg:hidden',
        'headerClasses': 'max-lg:hidden',
    },
    {
        'name': 'city',
        'label': 'City',
        'field': 'city',
        'align': 'left',
        'classes': 'max-lg:hidden',
        'headerClasses': 'max-lg:hidden',
    },
    {
        'name': 'region',
        'label': 'Region',
        'field': 'region',
        'align': 'left',
        'classes': 'max-sm:hidden',
        'headerClasses': 'max-sm:hidden',
    },
    {'name': 'leads', 'label': 'Leads', 'field': 'leads', 'align': 'right'},
]


class ClientList:
    def __init__(self, user: UserRead, *, region: str, q: str, page_number: int) -> None:
        self.user = user
        self.region = region
        self.q = q
        self.page_number = page_number
        with ui.row().classes('w-full items-center gap-3 flex-wrap'):
            ui.label('Clients' + (f' · {region}' if region else '')).classes('text-2xl font-semibold')
            ui.space()
            self.search = (
                ui.input(placeholder='Search name, company, email, phone', value=q)
                .props('outlined dense clearable debounce=300')
                .classes('w-full sm:w-80')
                .mark('client-search')
            )
            with self.search.add_slot('prepend'):
                ui.icon('search')
            self.search.on_value_change(self._searched)
        self.show()
        live.clients_changed.subscribe(lambda _e: self.show.refresh())

    def _searched(self) -> None:
        self.q = (self.search.value or '').strip()
        self.page_number = 1
        self._sync_url()
        self.show.refresh()

    def _go(self, number: int) -> None:
        self.page_number = number
        self._sync_url()
        self.show.refresh()

    def _sync_url(self) -> None:
        pairs = [('q', self.q)] if self.q else []
        if self.page_number > 1:
            pairs.append(('page', str(self.page_number)))
        ui.navigate.history.replace(
            REGION_PATHS.get(self.region, '/clients') + (f'?{urlencode(pairs)}' if pairs else '')
        )

    @ui.refreshable_method
    def show(self) -> None:
        result = attempt(
            clients.list_clients, actor=self.user, q=self.q, region=self.region, page=self.page_number
        )
        if result is None:
            return
        rows = [
            r.model_dump(mode='json')
            | {'leads': f'{r.open_leads} open · {r.leads}' if r.open_leads else str(r.leads)}
            for r in result.rows
        ]
        with ui.card().classes('w-full p-0 shadow-none border border-slate-200 overflow-hidden'):
            if not rows:
                with ui.column().classes('w-full items-center p-10 gap-2').mark('clients-empty'):
                    ui.icon('business', color='grey-5').classes('text-5xl')
                    if self.q:
                        ui.label(f'No client matches “{self.q}”.').classes('text-slate-600')
                    else:
                        ui.label('No clients yet.').classes('text-slate-700 font-medium')
                        ui.label(
                            'Convert a won lead to a client from its page or by dropping it on Converted.'
                        ).classes('text-sm text-slate-500')
                return
            table = (
                ui.table(columns=COLUMNS, rows=rows, row_key='id')
                .props('flat hide-bottom :rows-per-page-options="[0]"')
                .classes('w-full cursor-pointer')
                .mark('clients-table')
            )
            table.on('row-click', lambda e: ui.navigate.to(f'/clients/{e.args[1]["id"]}'))
        with ui.row().classes('w-full items-center justify-between text-sm text-slate-600'):
            first = (result.page - 1) * clients.PER_PAGE + 1
            ui.label(f'{first}–{first + len(rows) - 1} of {result.total}').mark('clients-range')
            with ui.row().classes('items-center gap-1'):
                ui.button(icon='chevron_left', on_click=lambda: self._go(result.page - 1)).props(
                    'flat round dense'
                ).mark('clients-prev').set_enabled(result.page > 1)
                ui.label(f'Page {result.page} of {result.pages}')
                ui.button(icon='chevron_right', on_click=lambda: self._go(result.page + 1)).props(
                    'flat round dense'
                ).mark('clients-next').set_enabled(result.page < result.pages)


def _list(user: UserRead, request: Request, region: str) -> None:
    try:
        number = max(1, int(request.query_params.get('page', '1')))
    except ValueError:
        number = 1
    with frame('Clients', user, active='Clients'):
        ClientList(user, region=region, q=request.query_params.get('q', ''), page_number=number)


def create() -> None:
    @page('/clients')
    def clients_page(user: UserRead, request: Request) -> None:
        _list(user, request, request.query_params.get('region', '').upper()[:8])

    @page('/us/clients')
    def us_clients_page(user: UserRead, request: Request) -> None:
        _list(user, request, 'US')

    @page('/ca/clients')
    def ca_clients_page(user: UserRead, request: Request) -> None:
        _list(user, request, 'CA')

    @page('/clients/{client_id:int}')
    def client_page(user: UserRead, client_id: int) -> None:
        try:
            detail = clients.get_client(actor=user, client_id=client_id)
        except DomainError as e:
            with frame('Client', user, active='Clients'):
                with ui.card().classes('max-w-lg mx-auto mt-8 p-6 gap-2').mark('client-missing'):
                    ui.label('This client is not available').classes('text-lg font-semibold')
                    ui.label(str(e)).classes('text-slate-600')
                    ui.button('All clients', on_click=lambda: ui.navigate.to('/clients')).props(
                        'flat no-caps'
                    )
            return
        with frame(detail.client.name, user, active='Clients'):
            ClientView(user, detail)
