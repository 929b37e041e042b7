"""/import: upload → map columns → map values → preview and duplicate policy → import → summary."""

import contextlib
from pathlib import Path

from nicegui import app, events, run, ui

from models import UserRead
from services import importer
from services.errors import DomainError
from services.importer import uploads
from ui.components.import_mapping import mapping_table
from ui.components.import_preview import preview_table, totals
from ui.components.import_run import ImportRun, summary
from ui.components.import_state import STEPS, WizardState, human_size
from ui.components.import_upload import upload_card
from ui.components.import_values import value_tables
from ui.frame import frame
from ui.routing import page

POLICY_LABELS = {
    'merge': 'Merge: keep the existing values, fill empty fields, add tags, append notes',
    'skip': 'Skip: leave the existing record alone, import nothing for that row',
    'create': 'Create anyway: add a new record and flag the pair for review',
}


class ImportWizard:
    def __init__(self, user: UserRead, root: ui.element) -> None:
        self.user = user
        self.root = root  # notifications after a worker finishes are sent from here
        self.storage = app.storage.tab
        self.state = WizardState.load(self.storage)

    def path(self) -> Path | None:
        try:
            return uploads.upload_path(self.state.token) if self.state.token else None
        except DomainError:
            return None

    def go(self, step: str) -> None:
        self.state.step = step
        self.state.save()
        self.show.refresh()

    @ui.refreshable_method
    async def show(self) -> None:
        state = self.state
        with (
            ui.row()
            .classes('gap-1 flex-wrap items-center')
            .mark('import-steps')
            .props('data-testid=import-steps')
            .props('data-testid=import-steps')
        ):
            for i, step in enumerate(STEPS):
                current = step == state.step
                shown = 'Preview · duplicates' if step == 'Preview' else step
                ui.label(f'{i + 1}. {shown}').classes(
                    'px-2 py-1 rounded text-sm '
                    + ('bg-blue-600 text-white font-medium' if current else 'bg-slate-200 text-slate-600')
                )
        path = self.path()
        if state.step not in ('Upload', 'Summary') and path is None:
            state.reset()
        try:
            await self._step(path)
        except DomainError as e:
            with (
                ui.card()
                .classes('w-full max-w-2xl p-4 bg-red-50')
                .mark('import-error')
                .props('data-testid=import-error')
                .props('data-testid=import-error')
            ):
                ui.label(str(e)).classes('text-red-800')
                ui.button('Start over', on_click=lambda: (self.state.reset(), self.show.refresh())).props(
                    'flat'
                )

    async def _step(self, path: Path | None) -> None:
        step = self.state.step
        if self.state.running:
            self._still_running()
        elif step == 'Upload' or path is None and step != 'Summary':
            self._upload()
        elif step == 'Columns':
            await self._columns(path)
        elif step == 'Values':
            await self._values(path)
        elif step == 'Preview':
            await self._preview(path)
        elif step == 'Summary':
            summary(self.user, self.state, path, self.show.refresh)

    def _upload(self) -> None:
        upload_card(self._uploaded)

    async def _uploaded(self, e: events.UploadEventArguments) -> None:
        token, target = uploads.new_upload_path(e.file.name)
        await e.file.save(target)
        try:
            overview = await run.io_bound(
                importer.inspect_file, actor=self.user, path=target, filename=e.file.name
            )
        except DomainError as error:
            uploads.discard(token)
            ui.notify(f'{e.file.name}: {error}', type='negative', multi_line=True)
            return
        if self.state.token:
            uploads.discard(self.state.token)
        self.state = WizardState(
            step='Columns',
            token=token,
            filename=e.file.name,
            size=target.stat().st_size,
            sheet=overview.sheet,
            mapping={c.header: c.field for c in overview.columns},
            _storage=self.storage,
        )
        self.state.save()
        self.show.refresh()

    async def _columns(self, path: Path) -> None:
        state = self.state
        overview = await run.io_bound(
            importer.inspect_file,
            actor=self.user,
            path=path,
            filename=state.filename,
            sheet=state.sheet or None,
        )
        with (
            ui.row()
            .classes('w-full items-center gap-2 flex-wrap')
            .mark('import-file-info')
            .props('data-testid=import-file-info')
            .props('data-testid=import-file-info')
        ):
            ui.icon('description', color='primary').classes('text-2xl')
            ui.label(state.filename).classes('font-semibold break-all')
            details = [human_size(state.size), f'{overview.rows:,} rows']
            if overview.kind == 'text':
                details += [overview.encoding, f'delimiter “{overview.delimiter}”']
            ui.label(' · '.join(details)).classes('text-sm text-slate-500')
            if overview.remembered:
                ui.chip('mapping remembered from an earlier import', icon='history').props('dense outline')
        if len(overview.sheets) > 1:

            def pick(e) -> None:
                state.sheet = e.value
                state.mapping = {}
                state.save()
                self.show.refresh()

            ui.select(overview.sheets, value=overview.sheet, label='Sheet', on_change=pick).classes(
                'w-64'
            ).mark('import-sheet').props('data-testid=import-sheet')
        if set(state.mapping) != {c.header for c in overview.columns}:
            state.mapping = {c.header: c.field for c in overview.columns}
        ui.label('Choose where each column goes. Ignored columns are not imported.').classes('text-sm')
        mapping_table(overview, state.mapping)
        self._nav(back='Upload', forward='Values', check=self._check_mapping)

    def _check_mapping(self) -> bool:
        fields = {f for f in self.state.mapping.values() if f}
        problems = []
        if not fields & {'name', 'first_name', 'last_name'}:
            problems.append('Map a column to the name (or first and last name).')
        if not fields & {'email', 'phone'}:
            problems.append('Map a column to email or phone.')
        for problem in problems:
            ui.notify(problem, type='warning')
        return not problems

    async def _values(self, path: Path) -> None:
        state = self.state
        overview = await run.io_bound(
            importer.value_overview,
            actor=self.user,
            path=path,
            sheet=state.sheet or None,
            mapping=state.mapping,
        )
        ui.label('Map the values of the status and source columns.').classes('text-sm')
        value_tables(overview, state.status_map, state.source_map)
        self._nav(back='Columns', forward='Preview')

    async def _preview(self, path: Path) -> None:
        state = self.state
        spinner = ui.spinner(size='lg')
        preview = await run.io_bound(
            importer.preview_import,
            actor=self.user,
            path=path,
            sheet=state.sheet or None,
            mapping=state.mapping,
            status_map=state.status_map,
            source_map=state.source_map,
            on_duplicate=state.policy,
        )
        spinner.delete()
        ui.label(f'{preview.total:,} rows. The first {len(preview.rows)} as they will be stored:').classes(
            'text-sm'
        )
        totals(preview)
        preview_table(preview)
        ui.label('When a row matches an existing contact (same email or phone):').classes('font-medium mt-2')

        def policy(e) -> None:
            state.policy = e.value
            state.save()
            self.show.refresh()

        ui.radio(POLICY_LABELS, value=state.policy, on_change=policy).mark('import-policy').props(
            'data-testid=import-policy'
        ).props('data-testid=import-policy')
        with ui.row().classes('w-full gap-2 mt-2'):
            ui.button('Back', icon='arrow_back', on_click=lambda: self.go('Values')).props('flat').mark(
                'import-back'
            ).props('data-testid=import-back')
            ui.space()
            ui.button(
                f'Import {preview.total - preview.rejected:,} rows',
                icon='play_arrow',
                on_click=lambda: self._start(path, preview.total),
            ).props('unelevated').mark('import-start').props('data-testid=import-start')

    async def _start(self, path: Path, total: int) -> None:
        state = self.state
        state.running = True
        state.step = 'Import'
        state.report = {'expected_rows': total}
        state.save()
        self.show.refresh()
        job = ImportRun(self.user, state, path, root=self.root, on_done=self._finished)
        self._job = job
        await job.start()

    def _finished(self) -> None:
        # the tab may have been closed or reloaded meanwhile; the stored state shows the outcome then
        with contextlib.suppress(RuntimeError):
            self.show.refresh()

    def _still_running(self) -> None:
        job = getattr(self, '_job', None)
        if job is not None:
            job.show()
            return
        with (
            ui.card()
            .classes('w-full max-w-2xl p-6 gap-2')
            .mark('import-waiting')
            .props('data-testid=import-waiting')
            .props('data-testid=import-waiting')
        ):
            ui.label(f'Importing {self.state.filename}… (started before this page was reloaded)')
            ui.spinner(size='lg')

        def check() -> None:
            fresh = WizardState.load(self.storage)
            if not fresh.running:
                self.state = fresh
                self.show.refresh()

        ui.timer(1.0, check)

    def _nav(self, *, back: str, forward: str, check=None) -> None:
        def next_step() -> None:
            if check is None or check():
                self.state.save()
                self.go(forward)

        with ui.row().classes('w-full gap-2 mt-2'):
            ui.button('Back', icon='arrow_back', on_click=lambda: self.go(back)).props('flat').mark(
                'import-back'
            ).props('data-testid=import-back')
            ui.space()
            ui.button('Next', icon='arrow_forward', on_click=next_step).props('unelevated').mark(
                'import-next'
            ).props('data-testid=import-next')


def create() -> None:
    @page('/import', title='Import')
    async def import_page(user: UserRead) -> None:
        with frame('Import', user, active='Import'):
            await ui.context.client.connected()
            if not user.can_create_leads:
                ui.label('You need the Create Leads permission to import.').mark('forbidden').props(
                    'data-testid=forbidden'
                ).props('data-testid=forbidden')
                return
            with ui.column().classes('w-full gap-3') as root:
                wizard = ImportWizard(user, root)
                await wizard.show()
