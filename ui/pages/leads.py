"""/leads (the board, or the call list with ?view=list) and the region views /us/leads and /ca/leads.

The filters live in the URL (`/leads?q=ana&tag=vip&owner=me`): the page reads them on load and rewrites the
address as they change, so a reload or a shared link shows the same view."""

from urllib.parse import urlencode

from fastapi import Request
from nicegui import app, ui

from models import UserRead
from services import board_list
from services.board_query import BoardFilter
from ui.components.board import Board
from ui.components.call_list import CallList
from ui.components.csv_export import board_export_button
from ui.components.lead_filters import LeadFilters
from ui.components.new_lead_dialog import NewLeadDialog
from ui.frame import frame
from ui.routing import page

REGION_PATHS = {'': '/leads', 'US': '/us/leads', 'CA': '/ca/leads'}


def create() -> None:
    @page('/leads')
    def leads_page(user: UserRead, request: Request) -> None:
        _leads(user, request, region=request.query_params.get('region', '').upper())

    @page('/us/leads')
    def us_leads_page(user: UserRead, request: Request) -> None:
        _leads(user, request, region='US')

    @page('/ca/leads')
    def ca_leads_page(user: UserRead, request: Request) -> None:
        _leads(user, request, region='CA')


def read_filters(request: Request, region: str) -> BoardFilter:
    params = request.query_params
    return BoardFilter(
        q=params.get('q', ''),
        stage=params.get('stage', ''),
        tag=params.getlist('tag'),
        owner=params.get('owner', ''),
        source=params.get('source', ''),
        due=params.get('due', '') not in ('', '0', 'false', 'no'),
        region=region,
        batch=params.get('import'),
    )


def url_for(filters: BoardFilter, view: str, path: str) -> str:
    pairs = filters.as_query() + ([('view', 'list')] if view == 'list' else [])
    return path + (f'?{urlencode(pairs)}' if pairs else '')


def _new_lead(user: UserRead, dialogs: list[NewLeadDialog]) -> None:
    # built on first use: most page loads never open it, and its ~40 elements would slow every one
    if not dialogs:
        dialogs.append(NewLeadDialog(user, board_list.filter_options(actor=user, with_clients=True)))
    dialogs[0].open()


def _leads(user: UserRead, request: Request, *, region: str) -> None:
    view = 'list' if request.query_params.get('view') == 'list' else 'board'
    path = request.url.path
    filters = read_filters(request, region)
    options = board_list.filter_options(actor=user)
    title = f'Leads · {region}' if region else 'Leads'
    dialogs: list[NewLeadDialog] = []
    with frame(title, user, active='Leads'):
        with ui.row().classes('w-full items-center gap-3 wrap'):
            ui.label(title).classes('text-2xl font-bold tracking-tight text-slate-900')
            ui.toggle(
                {'board': 'Board', 'list': 'List'},
                value=view,
                on_change=lambda e: ui.navigate.to(url_for(current[0], e.value, path)),
            ).props('dense no-caps unelevated toggle-color=primary color=white text-color=grey-8').classes(
                'border border-slate-200 rounded-lg'
            ).mark('view-toggle')
            ui.space()
            actions = ui.row().classes('items-center gap-2 no-wrap ml-auto')
        with actions:
            if '/import' in {getattr(r, 'path', '') for r in app.routes}:
                ui.button('Import', icon='upload_file', on_click=lambda: ui.navigate.to('/import')).props(
                    'outline no-caps'
                ).mark('board-import')
            board_export_button(user, lambda: current[0])
            if user.can_create_leads:
                ui.button('New lead', icon='add', on_click=lambda: _new_lead(user, dialogs)).props(
                    'unelevated no-caps'
                ).mark('new-lead')
        current = [filters]
        content: Board | CallList

        def changed(new: BoardFilter) -> None:
            current[0] = new
            ui.navigate.history.replace(url_for(new, view, path))
            content.set_filters(new)

        LeadFilters(user, filters, options, changed)
        content = CallList(user, filters) if view == 'list' else Board(user, filters)
