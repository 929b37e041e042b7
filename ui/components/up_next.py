"""The "Up next" side list: the caller's queue in call-list order, the current lead highlighted, and
"Next lead" (keyboard: n) to open the following one without going back to the board."""

from nicegui import ui

from models import UserRead
from services import clock, lead_view
from ui.components.lead_card import next_call_text
from ui.session import attempt

QUIET_SECONDS = 2.0
_TONES = {
    'overdue': 'text-red-700',
    'today': 'text-amber-700',
    'later': 'text-slate-500',
    'none': 'text-slate-400',
}


class UpNext:
    def __init__(self, user: UserRead, lead_id: int) -> None:
        self.user = user
        self.lead_id = lead_id
        self.next_lead_id: int | None = None
        self.pending = False
        self.show()

    @ui.refreshable_method
    def show(self) -> None:
        queue = attempt(lead_view.up_next, actor=self.user, current_lead_id=self.lead_id)
        now = clock.now()
        self.next_lead_id = queue.next_lead_id if queue else None
        with ui.column().classes('w-full gap-2').mark('up-next'):
            with ui.row().classes('w-full items-center no-wrap'):
                ui.label('Up next').classes('text-base font-semibold')
                # a count only when the whole queue was read: a partial count would mislead
                if queue is not None and not queue.more:
                    ui.label(str(queue.total)).classes(
                        'text-xs rounded-full bg-slate-100 px-2 text-slate-600'
                    )
                ui.space()
                ui.button('Next lead', icon='skip_next', on_click=self.go_next).props(
                    'unelevated dense no-caps size=sm'
                ).mark('next-lead').set_enabled(self.next_lead_id is not None)
            if queue is None or not queue.items:
                ui.label('Your call queue is empty.').classes('text-sm text-slate-500')
                return
            with ui.column().classes('w-full gap-0'):
                for item in queue.items:
                    current = item.lead_id == self.lead_id
                    row_classes = 'w-full no-wrap items-center gap-2 px-2 py-1.5 rounded cursor-pointer'
                    row_classes += ' bg-blue-50 ring-1 ring-blue-200' if current else ' hover:bg-slate-50'
                    with ui.row().classes(row_classes).mark(f'queue-{item.lead_id}') as row:
                        if current:
                            row.props['data-current'] = 'true'
                        row.on('click', lambda i=item.lead_id: ui.navigate.to(f'/leads/{i}'))
                        with ui.column().classes('gap-0 min-w-0 grow'):
                            ui.label(item.name).classes(
                                'text-sm truncate '
                                + ('font-semibold text-blue-900' if current else 'text-slate-800')
                            )
                            if item.company:
                                ui.label(item.company).classes('text-xs text-slate-500 truncate')
                        text, tone = next_call_text(item.next_call_at, now)
                        ui.label(text if item.next_call_at else '—').classes(
                            f'text-xs shrink-0 {_TONES[tone]}'
                        )
            ui.label('Tip: press n for the next lead.').classes('text-xs text-slate-400 max-sm:hidden')

    def soon(self) -> None:
        """Refresh within a couple of seconds, once however many leads changed meanwhile: a busy team
        moves leads all the time, and each refresh reads the call list."""
        if not self.pending:
            self.pending = True
            ui.timer(QUIET_SECONDS, self._catch_up, once=True)

    def _catch_up(self) -> None:
        self.pending = False
        self.show.refresh()

    def go_next(self) -> None:
        if self.next_lead_id is not None:
            ui.navigate.to(f'/leads/{self.next_lead_id}')
        else:
            ui.notify('No other lead in your queue.')
