"""/leads/{id}: working one lead — who has it, its fields, stage, next call, calls and notes, tags, the
timeline, and the caller's Up next queue. Every part follows other people's changes live."""

from nicegui import ui

from models import StageKind, UserRead
from services import lead_view, lead_work, leads
from services.errors import DomainError
from services.events import ContactsChanged, LeadsChanged, StagesChanged, TagsChanged
from services.lead_view import LeadDetail
from ui import claim_sweep, live
from ui.components import card_claim
from ui.components.call_actions import NextCall, log_call_dialog
from ui.components.claim_panel import ClaimPanel
from ui.components.convert_dialog import convert_dialog
from ui.components.lead_card import safe_color
from ui.components.lead_form import LeadForm
from ui.components.page_dialog import discard, page_dialog
from ui.components.tag_editor import TagEditor
from ui.components.timeline import Timeline
from ui.components.up_next import UpNext
from ui.frame import frame
from ui.routing import page
from ui.session import attempt_in_thread

CARD = 'w-full p-4 gap-3 shadow-none border border-slate-200'


def section(title: str, icon: str) -> None:
    with ui.row().classes('items-center gap-2'):
        ui.icon(icon).classes('text-lg text-slate-500')
        ui.label(title).classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')


class LeadPage:
    def __init__(self, user: UserRead, detail: LeadDetail) -> None:
        self.user = user
        self.client = ui.context.client
        self.detail = detail
        self.lead_id = detail.lead.id
        self._adding_note = self._moving = False
        with ui.row().classes(
            'w-full items-center gap-2 rounded bg-red-50 text-red-900 px-3 py-2 text-sm'
        ) as self.gone:
            ui.icon('block')
            self.gone_text = ui.label().classes('grow').mark('lead-gone')
            ui.button('Back to the board', on_click=lambda: ui.navigate.to('/leads')).props(
                'flat dense no-caps'
            )
        self.gone.set_visibility(False)
        self.header()
        # two columns on a laptop; on a phone one column in the order a caller needs: who has it, stage and
        # next call, then details, tags, activity and the queue (the columns dissolve via display: contents)
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 lg:grid-cols-[minmax(0,1fr)_22rem]'):
            with ui.column().classes('gap-4 min-w-0 max-lg:contents'):
                with ui.card().classes(CARD + ' max-lg:order-1'):
                    self.claim = ClaimPanel(user, detail, self.reload)
                with ui.card().classes(CARD + ' max-lg:order-4'):
                    section('Details', 'person')
                    self.form = LeadForm(user, detail, self.reload)
                with ui.card().classes(CARD + ' max-lg:order-6'):
                    section('Activity', 'history')
                    self.note_box()
                    self.timeline = Timeline(lead_id=self.lead_id)
            with ui.column().classes('gap-4 min-w-0 max-lg:contents'):
                with ui.card().classes(CARD + ' max-lg:order-2'):
                    section('Stage', 'linear_scale')
                    self.stage_picker()
                with ui.card().classes(CARD + ' max-lg:order-3'):
                    section('Next call', 'event')
                    self.next_call = NextCall(user, detail, self.reload)
                with ui.card().classes(CARD + ' max-lg:order-5'):
                    section('Tags', 'sell')
                    self.tags = TagEditor(user, detail.contact.id, detail.tags, editable=detail.can_work)
                with ui.card().classes(CARD + ' max-lg:order-7'):
                    self.queue = UpNext(user, self.lead_id)
        ui.keyboard(on_key=self._key)
        live.leads_changed.subscribe(self._on_leads)
        live.contacts_changed.subscribe(self._on_contacts)
        live.tags_changed.subscribe(self._on_tags)
        live.stages_changed.subscribe(self._on_stages)

    @ui.refreshable_method
    def header(self) -> None:
        d = self.detail
        with ui.row().classes('w-full items-center gap-3 flex-wrap').mark('lead-header'):
            with ui.row().classes('items-center gap-3 no-wrap grow min-w-0'):
                ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/leads')).props(
                    'flat round dense color=grey-8'
                ).props['title'] = 'Back to the board'
                with ui.column().classes('gap-0 min-w-0 grow'):
                    with ui.row().classes('items-center gap-2 flex-wrap'):
                        ui.label(d.contact.name).classes(
                            'text-2xl font-semibold text-slate-900 break-words'
                        ).mark('lead-name')
                        ui.label(d.stage.name).classes(
                            'text-xs font-medium text-white rounded-full px-2 py-0.5'
                        ).style(f'background-color: {safe_color(d.stage.color)}').mark('lead-stage-chip')
                        if d.client_name and d.lead.client_id is not None:
                            with ui.link(target=f'/clients/{d.lead.client_id}').classes('no-underline'):
                                ui.label(f'Client: {d.client_name}').classes(
                                    'text-xs rounded-full px-2 py-0.5 bg-emerald-50 text-emerald-800'
                                )
                    subtitle = ' · '.join(x for x in (d.contact.job_title, d.contact.company) if x)
                    reach = ' · '.join(x for x in (d.contact.phone, d.contact.email) if x)
                    if subtitle:
                        ui.label(subtitle).classes('text-sm text-slate-600')
                    ui.label(reach).classes('text-sm text-slate-500 break-words')
            with ui.row().classes('gap-2 items-center'):
                ui.button(
                    'Person', icon='badge', on_click=lambda: ui.navigate.to(f'/contacts/{d.contact.id}')
                ).props('flat no-caps').mark('open-person')
                if d.contact.phone:
                    call = ui.button('Call', icon='phone').props('outline no-caps')
                    call.props['href'] = f'tel:{d.contact.phone}'
                if d.can_work:
                    ui.button('Log call', icon='add_call', on_click=self._log_call).props(
                        'unelevated no-caps'
                    ).mark('log-call')
                if d.can_convert:
                    ui.button('Convert to client', icon='workspace_premium', on_click=self._convert).props(
                        'unelevated no-caps color=positive'
                    ).mark('convert-button')

    @ui.refreshable_method
    def stage_picker(self) -> None:
        d = self.detail
        options = {st.id: st.name for st in d.stages}
        picker = (
            ui.select(options, value=d.stage.id, on_change=lambda e: self._move(e.value))
            .props('outlined dense options-dense')
            .classes('w-full')
            .mark('stage-select')
        )
        picker.set_enabled(d.can_work)
        if d.lead.lost_reason:
            ui.label(f'Lost reason: {d.lead.lost_reason}').classes('text-xs text-slate-500')

    def note_box(self) -> None:
        with ui.row().classes('w-full items-start no-wrap gap-2'):
            note = (
                ui.textarea(placeholder='Add a note…')
                .props('outlined dense autogrow maxlength=10000')
                .classes('grow')
                .mark('note-input')
            )

            async def add() -> None:
                if self._adding_note:  # a second click while the note is being saved would add it twice
                    return
                self._adding_note = True
                self.note_button.props('loading')
                text = note.value or ''
                try:
                    added = await attempt_in_thread(
                        lead_work.add_note, actor=self.user, lead_id=self.lead_id, text=text
                    )
                finally:
                    self._adding_note = False
                    self.note_button.props(remove='loading')
                if added is None:
                    return
                if (note.value or '') == text:  # what was typed while the note was being saved stays
                    note.set_value('')
                self.timeline.show.refresh()

            self.note_button = (
                ui.button('Add note', on_click=add).props('unelevated no-caps').mark('add-note')
            )
            self.note_button.set_enabled(self.detail.can_work)

    async def _move(self, stage_id: int | None) -> None:
        if stage_id is None or stage_id == self.detail.lead.stage_id:
            return
        if self._moving:  # picked again while a move is being saved: the reload after it shows the truth
            return
        self._moving = True
        try:
            await self._move_to(stage_id)
        finally:
            self._moving = False

    async def _move_to(self, stage_id: int) -> None:
        target = next(st for st in self.detail.stages if st.id == stage_id)
        if target.kind == StageKind.WON:
            await self._convert()
            self.reload()
            return
        reason = ''
        if target.kind == StageKind.LOST:
            with page_dialog() as dialog, ui.card().classes('w-96 max-w-full gap-3').mark('lost-dialog'):
                ui.label(f'Mark as {target.name}?').classes('text-lg font-semibold')
                field = (
                    ui.input('Reason (optional)').props('outlined autofocus maxlength=500').classes('w-full')
                )
                with ui.row().classes('w-full justify-end gap-2'):
                    ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
                    ui.button(
                        f'Move to {target.name}', on_click=lambda: dialog.submit(field.value or '')
                    ).props('unelevated no-caps color=negative').mark('lost-confirm')
            answer = await dialog
            discard(dialog)
            if answer is None:
                self.stage_picker.refresh()
                return
            reason = answer
        # the picker is redrawn by the move's own live update: notify from the page
        with self.client.content:
            moved = await attempt_in_thread(
                leads.move_lead, actor=self.user, lead_id=self.lead_id, stage_id=stage_id, lost_reason=reason
            )
            if moved is not None:
                ui.notify(f'Moved to {target.name}.', type='positive')
        self.reload()

    async def _convert(self) -> None:
        if await convert_dialog(self.user, self.lead_id, self.detail.contact.name) is not None:
            self.reload()

    async def _log_call(self) -> None:
        if await log_call_dialog(self.user, self.detail):
            self.reload()

    def _key(self, e) -> None:
        plain = not (e.modifiers.ctrl or e.modifiers.meta or e.modifiers.alt)
        if e.action.keydown and plain and str(e.key).lower() == 'n':
            self.queue.go_next()

    def reload(self, *, by_other: bool = False, own: bool = True) -> None:
        """Re-read the lead and redraw what depends on it; the form keeps unsaved edits."""
        try:
            detail = lead_view.get_lead_detail(actor=self.user, lead_id=self.lead_id)
        except DomainError as e:
            # assigned away or deleted meanwhile: say so where the user is looking
            self.gone_text.set_text(str(e))
            self.gone.set_visibility(True)
            return
        self.gone.set_visibility(False)
        self.detail = detail
        # refresh from the page's own slot: the button that asked may sit inside a part being redrawn, and
        # a refresh started from a deleted slot never runs
        with self.client.content:
            self.header.refresh()
            self.stage_picker.refresh()
            self.claim.update(detail)
            self.next_call.update(detail)
            self.tags.update(detail.tags, editable=detail.can_work)
            who = (detail.updated_by_name or 'Someone') if by_other else ''
            self.form.reload(detail, by_other=who, own=own and not by_other)
            self.note_button.set_enabled(detail.can_work)
            self.timeline.show.refresh()
            self.queue.show.refresh()

    def _on_leads(self, event: LeadsChanged) -> None:
        if self.lead_id in event.lead_ids:
            self.reload(by_other=event.actor_id is not None and event.actor_id != self.user.id)
        else:
            with self.client.content:
                self.queue.soon()

    def _on_contacts(self, event: ContactsChanged) -> None:
        if self.detail.contact.id in event.contact_ids and event.actor_id != self.user.id:
            self.reload(by_other=True)

    def _on_tags(self, _event: TagsChanged) -> None:
        self.reload(own=False)

    def _on_stages(self, _event: StagesChanged) -> None:
        # a renamed, recolored, added or removed stage changes the picker and the header chip
        self.reload(own=False)


def create() -> None:
    claim_sweep.install()
    card_claim.install()

    @page('/leads/{lead_id:int}')
    def lead_page(user: UserRead, lead_id: int) -> None:
        try:
            detail = lead_view.get_lead_detail(actor=user, lead_id=lead_id)
        except DomainError as e:
            with frame('Lead', user, active='Leads'):
                with ui.card().classes('max-w-lg mx-auto mt-8 p-6 gap-2').mark('lead-missing'):
                    ui.label('This lead is not available').classes('text-lg font-semibold')
                    ui.label(str(e)).classes('text-slate-600')
                    ui.button('Back to the board', on_click=lambda: ui.navigate.to('/leads')).props(
                        'flat no-caps'
                    )
            return
        with frame(detail.contact.name, user, active='Leads'):
            LeadPage(user, detail)
