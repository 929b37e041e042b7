"""Settings → Pipeline: the stage list (drag to reorder, inline rename, recolor, delete with move) and the
add-stage row. Re-renders on every stage change from anyone; lead counts follow lead moves in place."""

from nicegui import ui

from models import StageKind, UserRead
from services import stages
from services.labels import PALETTE
from services.stages import StageSummary
from ui import live
from ui.components.inline_names import InlineNames, save_color
from ui.components.settings_color import color_button, swatch_style
from ui.session import attempt, attempt_in_thread, submit

KIND_LABELS = {StageKind.OPEN: 'Open', StageKind.WON: 'Won', StageKind.LOST: 'Lost'}
KIND_CLASSES = {
    StageKind.OPEN: 'bg-slate-100 text-slate-700',
    StageKind.WON: 'bg-emerald-100 text-emerald-800',
    StageKind.LOST: 'bg-rose-100 text-rose-800',
}


def lead_text(count: int) -> str:
    return '1 lead' if count == 1 else f'{count:,} leads'


class StageList:
    def __init__(self, actor: UserRead, region: str | None) -> None:
        self.actor = actor
        self.region = region
        self.count_labels: dict[int, ui.label] = {}
        self.row_ids: dict[int, int] = {}  # element id of a row -> stage id
        self.names = InlineNames('Stage')
        # subscribed inside the page's UI context: NiceGUI drops them when the client goes away
        live.stages_changed.subscribe(self.on_stages_changed)
        live.leads_changed.subscribe(self.update_counts)

    @ui.refreshable_method
    def show(self) -> None:
        summary = attempt(stages.pipeline_overview, actor=self.actor, region=self.region) or []
        self.count_labels.clear()
        self.row_ids.clear()
        with ui.column().classes('w-full gap-2').mark('stage-list') as container:
            for index, stage in enumerate(summary):
                row = self._row(stage, index, len(summary))
                self.row_ids[row.id] = stage.id
        container.make_sortable(handle='.drag-handle', on_end=self._dropped)

    def on_stages_changed(self) -> None:
        self.show.refresh()

    def update_counts(self) -> None:
        counts = attempt(stages.lead_counts, actor=self.actor, region=self.region)
        if counts is None:
            return
        for stage_id, label in self.count_labels.items():
            label.set_text(lead_text(counts.get(stage_id, 0)))

    def _row(self, stage: StageSummary, index: int, total: int) -> ui.card:
        with (
            ui.card()
            .classes('w-full px-3 py-2')
            .props(f'flat bordered data-stage-row={stage.key}')
            .mark(f'stage-{stage.key}') as card,
            ui.row().classes('w-full items-center gap-x-3 gap-y-1 flex-wrap sm:flex-nowrap'),
        ):
            ui.icon('drag_indicator').classes('drag-handle cursor-grab text-slate-400 text-xl').props(
                'aria-label="Drag to reorder"'
            ).tooltip('Drag to reorder')
            color_button(
                stage.color,
                lambda color, s=stage: save_color(
                    lambda: attempt_in_thread(
                        stages.recolor_stage, actor=self.actor, stage_id=s.id, color=color
                    )
                ),
                marker=f'stage-color-{stage.key}',
                label='Change the stage color',
            )
            name = (
                ui.input(value=stage.name)
                .props('dense borderless maxlength=64 aria-label="Stage name"')
                .classes('grow min-w-[8rem] text-base font-medium rounded px-1 hover:bg-slate-100')
                .mark(f'stage-name-{stage.key}')
            )
            self.names.watch(
                name,
                stage.id,
                lambda wanted, s=stage: attempt_in_thread(
                    stages.rename_stage, actor=self.actor, stage_id=s.id, name=wanted
                ),
            )
            # the key is what import and export files use; admins need it when preparing one
            ui.label(stage.key).classes('text-xs font-mono text-slate-400 max-sm:hidden').tooltip(
                'Key used in import and export files; renaming keeps it'
            ).mark(f'stage-key-{stage.key}')
            # on a phone this part wraps to a second line, indented under the name and spread to the edge
            with ui.row().classes('items-center gap-2 no-wrap max-sm:w-full max-sm:pl-8'):
                ui.label(KIND_LABELS[stage.kind]).classes(
                    f'text-xs rounded px-2 py-0.5 {KIND_CLASSES[stage.kind]}'
                ).mark(f'stage-kind-{stage.key}')
                if stage.is_system:
                    ui.label('System').classes(
                        'text-xs rounded px-2 py-0.5 bg-blue-100 text-blue-800'
                    ).tooltip('Protected: can be renamed and recolored, not deleted').mark(
                        f'stage-system-{stage.key}'
                    )
                ui.space().classes('sm:hidden')
                self.count_labels[stage.id] = (
                    ui.label(lead_text(stage.lead_count))
                    .classes('text-sm text-slate-500 sm:w-24 text-right whitespace-nowrap')
                    .mark(f'stage-count-{stage.key}')
                )
                up = ui.button(
                    icon='arrow_upward', color='grey-7', on_click=lambda s=stage: self._move(s, index - 1)
                )
                up.props('flat round dense size=sm aria-label="Move up"')
                up.mark(f'stage-up-{stage.key}').set_enabled(index > 0)
                down = ui.button(
                    icon='arrow_downward', color='grey-7', on_click=lambda s=stage: self._move(s, index + 1)
                )
                down.props('flat round dense size=sm aria-label="Move down"')
                down.mark(f'stage-down-{stage.key}').set_enabled(index < total - 1)
                # system stages keep a (muted) delete button: clicking it says why it can't be deleted
                ui.button(
                    icon='lock_outline' if stage.is_system else 'delete_outline',
                    color='grey-5' if stage.is_system else 'negative',
                    on_click=lambda s=stage: self._delete(s),
                ).props('flat round dense size=sm aria-label="Delete stage"').tooltip(
                    stages.system_stage_message(stage.name) if stage.is_system else 'Delete this stage'
                ).mark(f'stage-delete-{stage.key}')
        return card

    async def _move(self, stage: StageSummary, index: int) -> None:
        await attempt_in_thread(stages.move_stage, actor=self.actor, stage_id=stage.id, index=index)

    async def _dropped(self, e) -> None:
        stage_id = self.row_ids.get(e.item.id)
        if stage_id is None or e.old_index == e.new_index:
            return
        moved = await attempt_in_thread(
            stages.move_stage, actor=self.actor, stage_id=stage_id, index=e.new_index
        )
        if moved is None:
            self.show.refresh()

    async def _delete(self, stage: StageSummary) -> None:
        if stage.is_system:
            # the service gives the refusal message; asking it keeps one source of truth
            await attempt_in_thread(stages.delete_stage, actor=self.actor, stage_id=stage.id)
            return
        counts = attempt(stages.lead_counts, actor=self.actor)
        if counts is None:
            return
        DeleteStageDialog(self.actor, stage, counts.get(stage.id, 0)).open()


class DeleteStageDialog:
    """Deleting a stage with leads needs a destination first; the move and the delete are one call."""

    def __init__(self, actor: UserRead, stage: StageSummary, count: int) -> None:
        self.actor, self.stage, self.count = actor, stage, count
        targets = {
            st.id: st.name for st in stages.list_stages() if st.id != stage.id and st.kind != StageKind.WON
        }
        with ui.dialog() as self.dialog, ui.card().classes('w-[30rem] max-w-full gap-3'):
            ui.label(f"Delete the stage '{stage.name}'?").classes('text-lg font-semibold')
            self.target = None
            if count:
                ui.label(
                    f'{lead_text(count)} {"is" if count == 1 else "are"} in this stage (all regions). '
                    'Choose where they go; each move is noted on the lead.'
                ).classes('text-slate-600')
                self.target = (
                    ui.select(targets, label='Move its leads to')
                    .props('outlined')
                    .classes('w-full')
                    .mark('delete-stage-target')
                )
            else:
                ui.label('It has no leads.').classes('text-slate-600')
            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=self.dialog.close).props('flat')
                self.confirm = (
                    ui.button(
                        f'Move {lead_text(count)} and delete' if count else 'Delete stage',
                        on_click=self._confirm,
                    )
                    .props('unelevated color=negative')
                    .mark('delete-stage-confirm')
                )

    def open(self) -> None:
        self.dialog.open()

    async def _confirm(self) -> None:
        move_to = self.target.value if self.target is not None else None
        self.confirm.props('loading')
        try:
            # thousands of leads may move (about a second per 40,000): off the event loop
            done = await attempt_in_thread(
                stages.delete_stage, actor=self.actor, stage_id=self.stage.id, move_to_id=move_to
            )
        finally:
            self.confirm.props(remove='loading')
        if done is None:
            return
        self.dialog.close()
        moved = f' — {lead_text(done.moved)} moved to {done.moved_to}' if done.moved else ''
        ui.notify(f"Stage '{done.name}' deleted{moved}.", type='positive')


def add_stage_row(actor: UserRead) -> None:
    """Name and color of a new (open) stage; it lands after the last open stage."""
    chosen: dict[str, str | None] = {'color': None}
    with ui.row().classes('w-full items-center gap-2 flex-wrap sm:flex-nowrap').mark('add-stage-row'):
        swatch = ui.button(color=None).props('round unelevated size=sm aria-label="Color of the new stage"')
        swatch.classes('shrink-0 border border-dashed border-slate-400').mark('new-stage-color')
        swatch.tooltip('Color (a free one is picked if you leave this)')
        name = (
            ui.input('New stage name')
            .props('outlined dense maxlength=64')
            .classes('grow min-w-[12rem]')
            .mark('new-stage-name')
        )

        def pick(color: str) -> None:
            chosen['color'] = color
            swatch.style(swatch_style(color))

        with swatch, ui.menu() as menu, ui.grid(columns=6).classes('gap-2 p-3'):
            for option in PALETTE:
                ui.button(color=None, on_click=lambda _, c=option: (menu.close(), pick(c))).props(
                    f'round unelevated size=sm aria-label="Color {option}"'
                ).style(swatch_style(option)).mark(f'new-stage-color-option-{option[1:]}')

        async def add() -> None:
            created = await submit(
                button, stages.add_stage, actor=actor, name=name.value or '', color=chosen['color']
            )
            if created is None:
                return
            ui.notify(f"Stage '{created.name}' added.", type='positive')
            name.value = ''
            chosen['color'] = None
            swatch.style('background-color: transparent')

        name.on('keydown.enter', add)
        button = (
            ui.button('Add stage', icon='add', on_click=add).props('unelevated no-caps').mark('add-stage')
        )
