"""The activity timeline of a lead, person or client: newest first, with who and when."""

from nicegui import ui

from models import ActivityKind
from services import activities
from ui.components.when import local, relative

ICONS = {
    ActivityKind.NOTE: ('sticky_note_2', 'text-amber-600 bg-amber-50'),
    ActivityKind.CALL: ('call', 'text-emerald-700 bg-emerald-50'),
    ActivityKind.STAGE_CHANGE: ('linear_scale', 'text-blue-700 bg-blue-50'),
    ActivityKind.CLAIM: ('front_hand', 'text-indigo-700 bg-indigo-50'),
    ActivityKind.RELEASE: ('undo', 'text-slate-600 bg-slate-100'),
    ActivityKind.CLAIM_EXPIRED: ('timer_off', 'text-slate-600 bg-slate-100'),
    ActivityKind.OWNERSHIP: ('verified_user', 'text-indigo-700 bg-indigo-50'),
    ActivityKind.ASSIGNMENT: ('assignment_ind', 'text-indigo-700 bg-indigo-50'),
    ActivityKind.CREATE: ('add_circle', 'text-blue-700 bg-blue-50'),
    ActivityKind.EDIT: ('edit', 'text-slate-700 bg-slate-100'),
    ActivityKind.IMPORT: ('upload_file', 'text-slate-700 bg-slate-100'),
    ActivityKind.MERGE: ('merge', 'text-purple-700 bg-purple-50'),
    ActivityKind.CONVERSION: ('workspace_premium', 'text-emerald-700 bg-emerald-50'),
    ActivityKind.SCHEDULE: ('event', 'text-sky-700 bg-sky-50'),
    ActivityKind.TAGS: ('sell', 'text-pink-700 bg-pink-50'),
    ActivityKind.DOCUMENT: ('description', 'text-slate-700 bg-slate-100'),
    ActivityKind.MEETING: ('groups', 'text-teal-700 bg-teal-50'),
}


class Timeline:
    """Give exactly one of lead_id, contact_id, client_id. Call `show.refresh()` when something happened."""

    def __init__(
        self, *, lead_id: int | None = None, contact_id: int | None = None, client_id: int | None = None
    ) -> None:
        self.scope = {'lead_id': lead_id, 'contact_id': contact_id, 'client_id': client_id}
        self.show()

    @ui.refreshable_method
    def show(self) -> None:
        entries = activities.timeline(**self.scope)
        with ui.column().classes('w-full gap-0').mark('timeline'):
            if not entries:
                ui.label('Nothing has happened here yet.').classes('text-sm text-slate-500 py-2')
            for entry in entries:
                icon, tone = ICONS.get(entry.kind, ('circle', 'text-slate-600 bg-slate-100'))
                with ui.row().classes('w-full no-wrap gap-3 py-2 border-b border-slate-100 last:border-0'):
                    with ui.element('div').classes(
                        f'rounded-full w-8 h-8 shrink-0 grid place-items-center {tone}'
                    ):
                        ui.icon(icon).classes('text-base')
                    with ui.column().classes('gap-0 min-w-0 grow').mark(f'activity-{entry.kind}'):
                        ui.label(entry.summary).classes('text-sm font-medium text-slate-800 break-words')
                        if entry.body:
                            ui.label(entry.body).classes(
                                'text-sm text-slate-600 whitespace-pre-wrap break-words mt-0.5'
                            )
                        meta = ui.label(
                            f'{entry.actor_name or "Leadboard"} · {relative(entry.created_at)}'
                        ).classes('text-xs text-slate-400 mt-0.5')
                        meta.props['title'] = local(entry.created_at, with_year=True)
