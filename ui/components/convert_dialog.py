"""Convert to client: a new client prefilled from the lead's person (editable), or an existing client found
by search with fuzzy suggestions. Used by the lead page's button and by a drop on the won stage."""

from nicegui import ui

from models import StageRead, UserRead
from services import convert
from services.board import BoardCard
from services.convert import Conversion
from ui.components.page_dialog import discard, page_dialog
from ui.session import attempt, attempt_in_thread, busy

FIELDS = (
    ('name', 'Client name *'),
    ('company', 'Company'),
    ('email', 'Email'),
    ('phone', 'Phone'),
    ('city', 'City'),
    ('state', 'State / province'),
    ('country', 'Country'),
    ('region', 'Region'),
)


class _Existing:
    """The "existing client" tab: a search box and the matching clients to pick one from."""

    def __init__(self, user: UserRead, lead_id: int) -> None:
        self.user = user
        self.lead_id = lead_id
        self.chosen: int | None = None
        self.query = (
            ui.input('Search clients', placeholder='Name or company')
            .props('outlined dense clearable debounce=250')
            .classes('w-full')
            .mark('convert-search')
        )
        self.query.on_value_change(lambda: self.results.refresh())

    @ui.refreshable_method
    async def results(self) -> None:
        # fuzzy matching over every client takes tens of milliseconds: off the event loop
        found = await attempt_in_thread(
            convert.suggest_clients, actor=self.user, lead_id=self.lead_id, query=self.query.value or ''
        )
        if self.chosen is None and found and found[0].score > 100:
            self.chosen = found[0].id  # an upsell lead belongs to its client: picked already
        with ui.column().classes('w-full gap-1 min-h-[8rem]').mark('convert-suggestions'):
            if not self.query.value:
                ui.label('Suggested from the company and name:').classes('text-xs text-slate-500')
            if not found:
                ui.label('No similar client found. Search by name, or create a new client.').classes(
                    'text-sm text-slate-500'
                )
            for item in found or []:
                picked = item.id == self.chosen
                tone = 'bg-blue-50 ring-1 ring-blue-300' if picked else 'hover:bg-slate-50'
                with (
                    ui.row()
                    .classes(f'w-full no-wrap items-center gap-2 px-2 py-1.5 rounded cursor-pointer {tone}')
                    .mark(f'convert-client-{item.id}') as row
                ):
                    row.on('click', lambda i=item.id: self._choose(i))
                    ui.icon('radio_button_checked' if picked else 'radio_button_unchecked', color='primary')
                    with ui.column().classes('gap-0 grow min-w-0'):
                        ui.label(item.name).classes('text-sm font-medium truncate')
                        if item.company and item.company != item.name:
                            ui.label(item.company).classes('text-xs text-slate-500 truncate')
                    ui.label(item.reason).classes('text-xs text-slate-500 shrink-0')

    def _choose(self, client_id: int) -> None:
        self.chosen = client_id
        self.results.refresh()


async def convert_dialog(user: UserRead, lead_id: int, person: str) -> Conversion | None:
    draft = attempt(convert.client_draft, actor=user, lead_id=lead_id)
    if draft is None:
        return None
    with page_dialog() as dialog, ui.card().classes('w-[36rem] max-w-full gap-3 p-5').mark('convert-dialog'):
        ui.label(f'Convert {person} to a client').classes('text-lg font-semibold')
        ui.label(
            'The lead moves to the won stage, is linked to the client and stays as its history.'
        ).classes('text-sm text-slate-500 -mt-2')
        with ui.tabs().classes('w-full text-slate-700').props('align=left no-caps dense') as tabs:
            new_tab = ui.tab('new', 'New client').mark('convert-tab-new')
            existing_tab = ui.tab('existing', 'Existing client').mark('convert-tab-existing')
        with ui.tab_panels(tabs, value=new_tab).classes('w-full').props('animated=false'):
            with ui.tab_panel(new_tab).classes('p-0 pt-2'):
                inputs = {}
                with ui.grid().classes('w-full gap-x-3 gap-y-2 grid-cols-1 sm:grid-cols-2'):
                    for name, label in FIELDS:
                        inputs[name] = (
                            ui.input(label, value=getattr(draft, name))
                            .props('outlined dense')
                            .classes('w-full')
                            .mark(f'convert-{name}')
                        )
                notes = (
                    ui.textarea('Notes')
                    .props('outlined dense autogrow')
                    .classes('w-full mt-2')
                    .mark('convert-notes')
                )
            with ui.tab_panel(existing_tab).classes('p-0 pt-2'):
                existing = _Existing(user, lead_id)
                await existing.results()
        if existing.chosen is not None:
            tabs.set_value('existing')
        with ui.row().classes('w-full justify-end gap-2'):
            cancel = (
                ui.button('Cancel', on_click=lambda: dialog.submit(None))
                .props('flat no-caps')
                .mark('convert-cancel')
            )
            confirm = (
                ui.button('Convert to client', icon='workspace_premium')
                .props('unelevated no-caps color=positive')
                .mark('convert-confirm')
            )

    async def submit() -> None:
        if tabs.value in ('existing', existing_tab):
            if existing.chosen is None:
                ui.notify('Pick the client this lead belongs to (or use New client).', type='warning')
                return
            call = convert.convert_into_client
            kwargs = {'client_id': existing.chosen}
        else:
            call = convert.convert_to_new_client
            kwargs = {
                'values': {name: field.value or '' for name, field in inputs.items()}
                | {'notes': notes.value or ''}
            }
        # one conversion: no second click, and no cancel that would hide a conversion still being saved
        with busy(confirm, cancel):
            done = await attempt_in_thread(call, actor=user, lead_id=lead_id, **kwargs)
        if done is not None:
            dialog.submit(done)

    confirm.on_click(submit)
    result = await dialog
    discard(dialog)
    if isinstance(result, Conversion):
        how = 'New client' if result.created else 'Added to client'
        ui.notify(f'{how} {result.client.name}. The lead is now won.', type='positive')
        return result
    return None


async def convert_on_drop(card: BoardCard, stage: StageRead, user: UserRead) -> bool:
    """The board's handler for a drop on the won stage: converting is what moves the lead there."""
    return await convert_dialog(user, card.id, card.name) is not None
