"""Next call (quick picks, a date-and-time picker, clear) and the Log call dialog."""

from datetime import datetime

from nicegui import ui

from models import UserRead
from services import clock, lead_work
from services.lead_view import LeadDetail
from services.lead_work import CallOutcome
from ui.components.lead_card import next_call_text
from ui.components.lead_section import LeadSection
from ui.components.page_dialog import discard, page_dialog
from ui.components.when import local
from ui.session import attempt_in_thread, busy

_TONES = {
    'overdue': 'text-red-700',
    'today': 'text-amber-700',
    'later': 'text-slate-800',
    'none': 'text-slate-400',
}
NO_CHANGE = 'keep'
CUSTOM = 'custom'


def parse_local(value: str | None) -> datetime | None:
    """A datetime-local value ('2026-05-04T09:30') in the server's time zone, as an aware datetime."""
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone()


def _picker(label: str, marker: str) -> ui.input:
    return (
        ui.input(label).props('outlined dense type=datetime-local stack-label').classes('w-full').mark(marker)
    )


class NextCall(LeadSection):
    _saving = False

    @ui.refreshable_method
    def show(self) -> None:
        d = self.detail
        text, tone = next_call_text(d.lead.next_call_at, clock.now())
        with ui.column().classes('w-full gap-2').mark('next-call'):
            with ui.row().classes('w-full items-center no-wrap gap-2'):
                ui.icon('event', color='primary').classes('text-xl')
                with ui.column().classes('gap-0 grow'):
                    ui.label(text).classes(f'font-medium {_TONES[tone]}').mark('next-call-text')
                    if d.lead.next_call_at is not None:
                        ui.label(local(d.lead.next_call_at, with_year=True)).classes('text-xs text-slate-500')
                if d.can_work and d.lead.next_call_at is not None:
                    ui.button(icon='close', on_click=lambda: self._set(None)).props(
                        'flat round dense size=sm color=grey-7'
                    ).mark('clear-next-call').props['title'] = 'Clear the next call'
            if not d.can_work:
                return
            with ui.row().classes('w-full gap-1 flex-wrap'):
                for label, at in lead_work.quick_picks():
                    ui.button(label, on_click=lambda a=at: self._set(a)).props(
                        'outline no-caps size=sm'
                    ).classes('px-2').mark(f'pick-{label.split()[0].lower()}')
                ui.button('Pick…', icon='edit_calendar', on_click=self._pick).props(
                    'flat no-caps size=sm'
                ).mark('pick-custom')

    async def _set(self, at: datetime | None) -> None:
        if self._saving:  # a second pick while the first is being saved (it waits while an import writes)
            return
        self._saving = True
        try:
            with self.client:  # the save's own live update redraws this section before the call returns
                done = await attempt_in_thread(
                    lead_work.schedule_call, actor=self.user, lead_id=self.detail.lead.id, at=at
                )
                if done is not None:
                    ui.notify(f'Next call: {local(at)}' if at else 'Next call cleared.', type='positive')
                    self.on_change()
        finally:
            self._saving = False

    async def _pick(self) -> None:
        current = self.detail.lead.next_call_at
        with page_dialog() as dialog, ui.card().classes('w-80 max-w-full gap-3').mark('schedule-dialog'):
            ui.label('Schedule the next call').classes('text-lg font-semibold')
            field = _picker('Date and time', 'schedule-at')
            if current is not None:
                field.set_value(current.astimezone().strftime('%Y-%m-%dT%H:%M'))
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
                ui.button('Schedule', on_click=lambda: dialog.submit(field.value or '')).props(
                    'unelevated no-caps'
                ).mark('schedule-save')
        value = await dialog
        discard(dialog)
        if not value:
            return
        try:
            at = parse_local(value)
        except ValueError:
            with self.client:
                ui.notify('Please enter a date and a time.', type='negative')
            return
        await self._set(at)


async def log_call_dialog(user: UserRead, detail: LeadDetail) -> bool:
    """Ask how the call went (and optionally when to call next); True if a call was logged."""
    picks = dict(lead_work.quick_picks())
    schedule_options = (
        {NO_CHANGE: 'Leave as is', 'clear': 'Clear it'}
        | {k: k for k in picks}
        | {CUSTOM: 'Pick a date and time…'}
    )
    with page_dialog() as dialog, ui.card().classes('w-[30rem] max-w-full gap-3').mark('log-call-dialog'):
        ui.label(f'Log a call with {detail.contact.name}').classes('text-lg font-semibold')
        if detail.contact.phone:
            ui.label(detail.contact.phone).classes('text-sm text-slate-500 -mt-2')
        outcome = (
            ui.radio({o.value: o.label for o in CallOutcome}, value=CallOutcome.TALKED.value)
            .props('inline dense')
            .mark('call-outcome')
        )
        note = (
            ui.textarea('Note', placeholder='What was said, what was agreed')
            .props('outlined dense autogrow maxlength=10000')
            .classes('w-full')
            .mark('call-note')
        )
        schedule = (
            ui.select(schedule_options, value=NO_CHANGE, label='Next call')
            .props('outlined dense options-dense')
            .classes('w-full')
            .mark('call-next')
        )
        custom = _picker('Next call at', 'call-next-at')
        custom.bind_visibility_from(schedule, 'value', value=CUSTOM)
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat no-caps')
            save = ui.button('Log call', icon='call').props('unelevated no-caps').mark('call-save')

    async def submit() -> None:
        choice = schedule.value
        try:
            at = parse_local(custom.value) if choice == CUSTOM else picks.get(choice)
        except ValueError:
            ui.notify('Please enter the next call as a date and a time.', type='negative')
            return
        if choice == CUSTOM and at is None:
            ui.notify('Please pick when to call next (or choose another option).', type='negative')
            return
        with busy(save):  # a second click while the call is being saved would log it twice
            logged = await attempt_in_thread(
                lead_work.log_call,
                actor=user,
                lead_id=detail.lead.id,
                outcome=outcome.value,
                note=note.value or '',
                next_call_at=at,
                clear_next_call=choice == 'clear',
            )
        if logged is not None:
            dialog.submit(True)

    save.on_click(submit)
    logged = await dialog
    discard(dialog)
    if logged:
        ui.notify('Call logged.', type='positive')
    return bool(logged)
