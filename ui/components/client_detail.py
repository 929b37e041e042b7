"""One client: details, primary contact, its leads (the converted history and upsells), the timeline, and
"New upsell lead"."""

from nicegui import ui

from models import ClientRead, UserRead
from services import app_settings, clients
from services.clients import ClientDetail
from services.errors import DomainError
from ui import live
from ui.components.lead_card import safe_color
from ui.components.page_dialog import discard, page_dialog
from ui.components.timeline import Timeline
from ui.components.when import local
from ui.session import attempt_in_thread, busy

CARD = 'w-full p-4 gap-3 shadow-none border border-slate-200'


def _fact(icon: str, text: str, marker: str = '') -> None:
    if not text:
        return
    with ui.row().classes('items-center gap-2 no-wrap min-w-0'):
        ui.icon(icon).classes('text-slate-400 text-lg')
        label = ui.label(text).classes('text-sm text-slate-700 break-words min-w-0')
        if marker:
            label.mark(marker)


class ClientView:
    def __init__(self, user: UserRead, detail: ClientDetail) -> None:
        self.user = user
        self.client = ui.context.client
        self.detail = detail
        self.client_id = detail.client.id
        self.header()
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 lg:grid-cols-[20rem_minmax(0,1fr)]'):
            with ui.column().classes('gap-4 min-w-0'):
                self.facts()
            with ui.card().classes(CARD + ' min-w-0'):
                with ui.tabs().props('align=left no-caps dense').classes('text-slate-700') as tabs:
                    leads_tab = ui.tab('leads', 'Leads').mark('client-tab-leads')
                    activity_tab = ui.tab('activity', 'Activity').mark('client-tab-activity')
                with ui.tab_panels(tabs, value=leads_tab).classes('w-full').props('animated=false'):
                    with ui.tab_panel(leads_tab).classes('p-0 pt-2'):
                        self.leads()
                    with ui.tab_panel(activity_tab).classes('p-0 pt-2'):
                        self.timeline = Timeline(client_id=self.client_id)
        live.clients_changed.subscribe(self._on_clients)
        live.leads_changed.subscribe(self._on_leads)

    def reload(self) -> None:
        try:
            self.detail = clients.get_client(actor=self.user, client_id=self.client_id)
        except DomainError as e:
            ui.notify(str(e), type='warning')
            return
        with self.client.content:  # not the slot of a button inside a part being redrawn
            self.header.refresh()
            self.facts.refresh()
            self.leads.refresh()
            self.timeline.show.refresh()

    def _on_clients(self, event) -> None:
        if self.client_id in event.client_ids:
            self.reload()

    def _on_leads(self, event) -> None:
        if set(event.lead_ids) & {lead.id for lead in self.detail.leads}:
            self.reload()

    @ui.refreshable_method
    def header(self) -> None:
        c = self.detail.client
        with ui.row().classes('w-full items-center gap-3 flex-wrap').mark('client-header'):
            with ui.row().classes('items-center gap-3 no-wrap grow min-w-0'):
                ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/clients')).props(
                    'flat round dense color=grey-8'
                ).props['title'] = 'All clients'
                with ui.element('div').classes(
                    'rounded-lg w-11 h-11 shrink-0 grid place-items-center bg-emerald-50 max-sm:hidden'
                ):
                    ui.icon('business', color='positive').classes('text-2xl')
                self._title(c)
            if self.user.can_create_leads:
                ui.button('New upsell lead', icon='add', on_click=self._upsell).props(
                    'unelevated no-caps'
                ).mark('new-upsell')

    @staticmethod
    def _title(c: ClientRead) -> None:
        with ui.column().classes('gap-0 grow min-w-0'):
            with ui.row().classes('items-center gap-2'):
                ui.label(c.name).classes('text-2xl font-semibold text-slate-900 break-words').mark(
                    'client-name'
                )
                ui.label('Client').classes('text-xs rounded-full px-2 py-0.5 bg-emerald-100 text-emerald-800')
                if c.region:
                    ui.label(c.region).classes('text-xs rounded-full px-2 py-0.5 bg-slate-100 text-slate-600')
            if c.company and c.company != c.name:
                ui.label(c.company).classes('text-sm text-slate-600')
            ui.label(f'Client since {local(c.created_at, with_year=True)}').classes('text-xs text-slate-500')

    @ui.refreshable_method
    def facts(self) -> None:
        c, person = self.detail.client, self.detail.primary_contact
        with ui.card().classes(CARD):
            ui.label('Details').classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')
            _fact('mail', c.email)
            _fact('call', c.phone)
            _fact('place', ', '.join(x for x in (c.city, c.state, c.country) if x))
            if not (c.email or c.phone or c.city or c.state or c.country):
                ui.label('No contact details yet.').classes('text-sm text-slate-500')
            if c.notes:
                ui.label(c.notes).classes('text-sm text-slate-600 whitespace-pre-wrap break-words')
        with ui.card().classes(CARD).mark('primary-contact'):
            ui.label('Primary contact').classes(
                'text-sm font-semibold text-slate-700 uppercase tracking-wide'
            )
            if person is None:
                ui.label('None yet.').classes('text-sm text-slate-500')
                return
            with ui.row().classes('items-center gap-3 no-wrap'):
                initials = ''.join(p[0] for p in person.name.split()[:2]).upper() or '?'
                ui.label(initials).classes(
                    'rounded-full w-10 h-10 shrink-0 grid place-items-center bg-blue-50 text-primary text-sm font-semibold'
                )
                with ui.column().classes('gap-0 min-w-0'):
                    ui.link(person.name, f'/contacts/{person.id}').classes(
                        'font-medium text-primary no-underline break-words'
                    )
                    if person.job_title:
                        ui.label(person.job_title).classes('text-xs text-slate-500')
            _fact('mail', person.email)
            _fact('call', person.phone)

    @ui.refreshable_method
    def leads(self) -> None:
        items = self.detail.leads
        with ui.column().classes('w-full gap-0').mark('client-leads'):
            if not items:
                ui.label('No leads yet.').classes('text-sm text-slate-500 py-2')
            for item in items:
                with (
                    ui.row()
                    .classes(
                        'w-full items-center gap-3 py-2.5 px-1 border-b border-slate-100 last:border-0 no-wrap'
                    )
                    .mark(f'client-lead-{item.id}') as row
                ):
                    if item.can_open:
                        row.classes('cursor-pointer hover:bg-slate-50 rounded')
                        row.on('click', lambda i=item.id: ui.navigate.to(f'/leads/{i}'))
                    icon = 'workspace_premium' if item.kind == 'converted' else 'trending_up'
                    tone = (
                        'bg-emerald-50 text-emerald-700'
                        if item.kind == 'converted'
                        else 'bg-violet-50 text-violet-700'
                    )
                    with ui.element('div').classes(
                        f'rounded-full w-8 h-8 shrink-0 grid place-items-center {tone}'
                    ):
                        ui.icon(icon).classes('text-base').props['title'] = (
                            'Converted lead' if item.kind == 'converted' else 'Upsell lead'
                        )
                    with ui.column().classes('gap-0 grow min-w-0 overflow-hidden'):
                        ui.label(item.title).classes('text-sm font-medium text-slate-800 truncate')
                        when = (
                            f'won {local(item.converted_at)}'
                            if item.converted_at
                            else f'created {local(item.created_at)}'
                        )
                        kind = 'Converted' if item.kind == 'converted' else 'Upsell'
                        owner = item.owner_name and f'owner {item.owner_name}'
                        meta = ' · '.join(x for x in (kind, when, owner) if x)
                        ui.label(meta).classes('text-xs text-slate-500 truncate')
                    ui.label(item.stage_name).classes(
                        'text-xs text-white rounded-full px-2 py-0.5 shrink-0'
                    ).style(f'background-color: {safe_color(item.stage_color)}')

    async def _upsell(self) -> None:
        settings = app_settings.get_all()
        person = self.detail.primary_contact
        with page_dialog() as dialog, ui.card().classes('w-[28rem] max-w-full gap-3').mark('upsell-dialog'):
            ui.label('New upsell lead').classes('text-lg font-semibold')
            who = person.name if person else self.detail.client.name
            ui.label(f'For {self.detail.client.name}, with {who}. It starts in New, owned by you.').classes(
                'text-sm text-slate-500 -mt-2'
            )
            product = (
                ui.select(settings['product_types'], label='Product type', clearable=True)
                .props('outlined dense options-dense')
                .classes('w-full')
                .mark('upsell-product')
            )
            source = (
                ui.select(settings['lead_sources'], label='Source', value='Referral', clearable=True)
                .props('outlined dense options-dense')
                .classes('w-full')
                .mark('upsell-source')
            )
            notes = (
                ui.textarea('Notes').props('outlined dense autogrow').classes('w-full').mark('upsell-notes')
            )
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
                create = ui.button('Create lead', icon='add').props('unelevated no-caps').mark('upsell-save')

        async def submit() -> None:
            with busy(create):  # a second click while the lead is being saved would create two
                lead = await attempt_in_thread(
                    clients.create_upsell_lead,
                    actor=self.user,
                    client_id=self.client_id,
                    product_type=product.value or '',
                    source=source.value or '',
                    notes=notes.value or '',
                )
            if lead is not None:
                dialog.submit(lead.id)

        create.on_click(submit)
        lead_id = await dialog
        discard(dialog)
        if lead_id:
            ui.notify('Upsell lead created in New.', type='positive')
            self.reload()
