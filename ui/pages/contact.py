"""/contacts/{id}: one person — status (Contact / Lead / Client), details, tags, leads and clients, the
timeline, and moving them contact → lead → client and back to contact."""

from nicegui import ui

from models import StageKind, UserRead
from services import contacts
from services.contacts import ContactDetail, Status
from services.errors import DomainError
from ui import live
from ui.components.contact_groups import ContactGroupsSection
from ui.components.convert_dialog import convert_dialog
from ui.components.lead_card import safe_color
from ui.components.page_dialog import discard, page_dialog
from ui.components.tag_editor import TagEditor
from ui.components.timeline import Timeline
from ui.components.when import local, relative
from ui.frame import frame
from ui.routing import page
from ui.session import attempt_in_thread

CARD = 'w-full p-4 gap-3 shadow-none border border-slate-200'
STATUS_TONES = {
    Status.CONTACT: 'bg-slate-100 text-slate-700',
    Status.LEAD: 'bg-blue-100 text-blue-800',
    Status.CLIENT: 'bg-emerald-100 text-emerald-800',
}


def _row(label: str, value: str) -> None:
    with ui.row().classes('w-full no-wrap gap-3 py-1'):
        ui.label(label).classes('text-sm text-slate-500 w-28 sm:w-32 shrink-0')
        ui.label(value or '—').classes('text-sm text-slate-800 break-words min-w-0')


class ContactView:
    def __init__(self, user: UserRead, detail: ContactDetail) -> None:
        self.user = user
        self.client = ui.context.client
        self.detail = detail
        self.contact_id = detail.contact.id
        self._making_lead = False
        self.header()
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 lg:grid-cols-[minmax(0,1fr)_24rem]'):
            with ui.column().classes('gap-4 min-w-0'):
                self.facts()
                with ui.card().classes(CARD):
                    ui.label('Activity').classes(
                        'text-sm font-semibold text-slate-700 uppercase tracking-wide'
                    )
                    self.timeline = Timeline(contact_id=self.contact_id)
            with ui.column().classes('gap-4 min-w-0'):
                with ui.card().classes(CARD):
                    ui.label('Tags').classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')
                    self.tags = TagEditor(user, self.contact_id, detail.tags, editable=self._may_tag)
                with ui.card().classes(CARD):
                    ContactGroupsSection(user, self.contact_id)
                self.related()
        live.contacts_changed.subscribe(self._on_contacts)
        live.leads_changed.subscribe(self._on_leads)
        live.clients_changed.subscribe(lambda _e: self.reload())

    @property
    def _may_tag(self) -> bool:
        return self.user.can_manage_leads or self.user.can_create_leads

    def reload(self) -> None:
        try:
            self.detail = contacts.get_contact(actor=self.user, contact_id=self.contact_id)
        except DomainError as e:
            ui.notify(str(e), type='warning')
            return
        # refresh from the page's own slot: the button that asked may be inside a part being redrawn, and
        # refreshes started from a deleted slot never run
        with self.client.content:
            self.header.refresh()
            self.facts.refresh()
            self.related.refresh()
            self.tags.update(self.detail.tags, editable=self._may_tag)
            self.timeline.show.refresh()

    def _on_contacts(self, event) -> None:
        if self.contact_id in event.contact_ids:
            self.reload()

    def _on_leads(self, event) -> None:
        if set(event.lead_ids) & {lead.id for lead in self.detail.leads} or event.kind == 'created':
            self.reload()

    @ui.refreshable_method
    def header(self) -> None:
        d = self.detail
        c = d.contact
        with ui.row().classes('w-full items-center gap-3 flex-wrap').mark('contact-header'):
            ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/contacts')).props(
                'flat round dense color=grey-8'
            ).props['title'] = 'All contacts'
            with ui.column().classes('gap-0 grow min-w-0'):
                with ui.row().classes('items-center gap-2 flex-wrap'):
                    ui.label(c.name).classes('text-2xl font-semibold text-slate-900 break-words').mark(
                        'contact-name'
                    )
                    ui.label(d.status.value).classes(
                        f'text-xs font-medium rounded-full px-2 py-0.5 {STATUS_TONES[d.status]}'
                    ).mark('contact-status')
                subtitle = ' · '.join(x for x in (c.job_title, c.company) if x)
                if subtitle:
                    ui.label(subtitle).classes('text-sm text-slate-600')
            with ui.row().classes('gap-2 items-center'):
                if d.open_lead_id is not None:
                    ui.button(
                        'Open lead',
                        icon='open_in_new',
                        on_click=lambda: ui.navigate.to(f'/leads/{d.open_lead_id}'),
                    ).props('outline no-caps').mark('open-lead')
                if d.status == Status.CONTACT and self.user.can_create_leads:
                    ui.button('Make lead', icon='person_add', on_click=self._make_lead).props(
                        'unelevated no-caps'
                    ).mark('make-lead')
                if d.open_lead_id is not None:
                    ui.button('Convert to client', icon='workspace_premium', on_click=self._convert).props(
                        'unelevated no-caps color=positive'
                    ).mark('contact-convert')
                    ui.button('Back to contact', icon='undo', on_click=self._back).props('flat no-caps').mark(
                        'back-to-contact'
                    )

    @ui.refreshable_method
    def facts(self) -> None:
        c = self.detail.contact
        with ui.card().classes(CARD).mark('contact-facts'):
            ui.label('Details').classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')
            with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-x-6'):
                _row('Email', c.email)
                _row('Phone', c.phone)
                _row('Company', c.company)
                _row('Job title', c.job_title)
                _row('Location', ', '.join(x for x in (c.city, c.state, c.country) if x))
                _row('Region', c.region)
                _row('Source', c.source)
                _row('Last contacted', relative(c.last_contacted_at) if c.last_contacted_at else 'never')
                _row('Added', local(c.created_at, with_year=True))
                if c.secondary_emails or c.secondary_phones:
                    _row('Also', ', '.join([*c.secondary_emails, *c.secondary_phones]))
            if c.notes:
                ui.label(c.notes).classes('text-sm text-slate-600 whitespace-pre-wrap break-words')

    @ui.refreshable_method
    def related(self) -> None:
        d = self.detail
        with ui.card().classes(CARD).mark('contact-leads'):
            ui.label('Leads').classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')
            if not d.leads:
                ui.label('No leads yet.').classes('text-sm text-slate-500')
            for item in d.leads:
                with (
                    ui.row()
                    .classes('w-full items-center gap-2 no-wrap py-1')
                    .mark(f'contact-lead-{item.id}') as row
                ):
                    if item.can_open:
                        row.classes('cursor-pointer hover:bg-slate-50 rounded')
                        row.on('click', lambda i=item.id: ui.navigate.to(f'/leads/{i}'))
                    ui.label(item.stage_name).classes(
                        'text-xs text-white rounded-full px-2 py-0.5 shrink-0'
                    ).style(f'background-color: {safe_color(item.stage_color)}')
                    with ui.column().classes('gap-0 min-w-0 grow'):
                        ui.label(f'Lead #{item.id} · opened {local(item.created_at)}').classes(
                            'text-sm text-slate-700 truncate'
                        )
                        if item.owner_name:
                            ui.label(f'Owner: {item.owner_name}').classes('text-xs text-slate-500 truncate')
        with ui.card().classes(CARD).mark('contact-clients'):
            ui.label('Client').classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')
            if not d.clients:
                ui.label('Not a client.').classes('text-sm text-slate-500')
            for link in d.clients:
                with ui.row().classes('items-center gap-2'):
                    ui.icon('business', color='positive')
                    ui.link(link.name, f'/clients/{link.id}').classes('text-primary no-underline font-medium')

    async def _make_lead(self) -> None:
        if self._making_lead:  # a second click while the first lead is being saved
            return
        self._making_lead = True
        try:
            # the header holding the button is redrawn by the new lead's live update
            with self.client.content:
                lead = await attempt_in_thread(
                    contacts.make_lead, actor=self.user, contact_id=self.contact_id
                )
                if lead is not None:
                    ui.notify('Lead created in New.', type='positive')
                    self.reload()
        finally:
            self._making_lead = False

    async def _convert(self) -> None:
        if self.detail.open_lead_id is None:
            return
        if await convert_dialog(self.user, self.detail.open_lead_id, self.detail.contact.name) is not None:
            self.reload()

    async def _back(self) -> None:
        open_leads = [x for x in self.detail.leads if x.stage_kind == StageKind.OPEN]
        with page_dialog() as dialog, ui.card().classes('w-96 max-w-full gap-3').mark('back-dialog'):
            ui.label('Back to contact?').classes('text-lg font-semibold')
            count = 'its open lead goes' if len(open_leads) == 1 else f'its {len(open_leads)} open leads go'
            ui.label(
                f'{self.detail.contact.name} stays in your contacts; {count} to Lost with the reason '
                '“back to contact”.'
            ).classes('text-sm text-slate-600')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat no-caps')
                ui.button('Back to contact', on_click=lambda: dialog.submit(True)).props(
                    'unelevated no-caps color=negative'
                ).mark('back-confirm')
        confirmed = await dialog
        discard(dialog)
        if not confirmed:
            return
        with self.client.content:
            back = await attempt_in_thread(
                contacts.back_to_contact, actor=self.user, contact_id=self.contact_id
            )
            if back is not None:
                ui.notify('Back to contact: the open lead is now Lost.', type='positive')
                self.reload()


def create() -> None:
    @page('/contacts/{contact_id:int}')
    def contact_page(user: UserRead, contact_id: int) -> None:
        try:
            detail = contacts.get_contact(actor=user, contact_id=contact_id)
        except DomainError as e:
            with frame('Contact', user, active='Contacts'):
                with ui.card().classes('max-w-lg mx-auto mt-8 p-6 gap-2').mark('contact-missing'):
                    ui.label('This contact is not available').classes('text-lg font-semibold')
                    ui.label(str(e)).classes('text-slate-600')
                    ui.button('All contacts', on_click=lambda: ui.navigate.to('/contacts')).props(
                        'flat no-caps'
                    )
            return
        with frame(detail.contact.name, user, active='Contacts'):
            ContactView(user, detail)
