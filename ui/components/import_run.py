"""Steps 5 and 6 of the import wizard: the running import (progress, rows/s, time left, Cancel) and the
summary (totals, rejected rows download, board link, Undo import)."""

import threading
import time
from collections.abc import Callable
from pathlib import Path

from nicegui import run, ui

from models import UserRead
from services import importer
from services.errors import DomainError
from ui.components.import_state import WizardState


class ImportRun:
    """Runs the import in a worker thread; the page polls the shared counters with a timer."""

    def __init__(
        self, user: UserRead, state: WizardState, path: Path, *, root: ui.element, on_done: Callable[[], None]
    ) -> None:
        self.user, self.state, self.path, self.on_done, self.root = user, state, path, on_done, root
        self.cancel = threading.Event()
        self.done, self.total = 0, 1
        self.started = time.monotonic()

    def _progress(self, done: int, total: int) -> None:
        # called from the worker thread: plain assignments only, the timer reads them on the loop
        self.done, self.total = done, max(total, 1)

    def show(self) -> None:
        with (
            ui.card()
            .classes('w-full max-w-2xl p-6 gap-3')
            .mark('import-progress')
            .props('data-testid=import-progress')
            .props('data-testid=import-progress')
        ):
            ui.label(f'Importing {self.state.filename}…').classes('text-lg font-semibold')
            bar = (
                ui.linear_progress(value=0, show_value=False)
                .props('size=12px rounded')
                .mark('import-bar')
                .props('data-testid=import-bar')
                .props('data-testid=import-bar')
            )
            info = (
                ui.label('Reading the file…')
                .classes('text-sm text-slate-600')
                .mark('import-rate')
                .props('data-testid=import-rate')
                .props('data-testid=import-rate')
            )
            ui.button('Cancel', icon='close', on_click=self._cancel).props('outline color=negative').mark(
                'import-cancel'
            ).props('data-testid=import-cancel')

        def tick() -> None:
            fraction = self.done / self.total
            bar.value = fraction
            elapsed = max(time.monotonic() - self.started, 0.001)
            rows = int(fraction * (self.state.report.get('expected_rows') or self.total))
            rate = rows / elapsed
            left = (elapsed / fraction - elapsed) if fraction > 0.02 else None
            info.text = (
                f'{rows:,} rows done · {rate:,.0f} rows/s · '
                + (f'about {left:,.0f} s left' if left is not None else 'estimating time left…')
                if self.done
                else 'Reading the file and checking for duplicates…'
            )

        ui.timer(0.25, tick)

    def _cancel(self) -> None:
        self.cancel.set()
        ui.notify('Cancelling: nothing will be changed.', type='warning')

    async def start(self) -> None:
        state = self.state
        try:
            report = await run.io_bound(
                importer.run_import,
                actor=self.user,
                path=self.path,
                filename=state.filename,
                sheet=state.sheet or None,
                mapping=state.mapping,
                status_map=state.status_map,
                source_map=state.source_map,
                on_duplicate=state.policy,
                progress=self._progress,
                cancel=self.cancel,
            )
        except (importer.ImportCancelled, DomainError) as e:
            state.running = False
            state.step = 'Preview'
            state.save()
            with self.root:
                ui.notify(
                    str(e),
                    type='warning' if isinstance(e, importer.ImportCancelled) else 'negative',
                    multi_line=True,
                )
        else:
            state.running = False
            state.report = report.model_dump(mode='json')
            state.step = 'Summary'
            state.save()
        self.on_done()


def summary(user: UserRead, state: WizardState, path: Path | None, on_change: Callable[[], None]) -> None:
    report = importer.ImportReport.model_validate(state.report)
    with (
        ui.card()
        .classes('w-full max-w-3xl p-6 gap-3')
        .mark('import-summary')
        .props('data-testid=import-summary')
        .props('data-testid=import-summary')
    ):
        ui.label(f'Imported {state.filename}').classes('text-xl font-semibold')
        ui.label(f'{report.rows:,} rows in {report.seconds:,.1f} s').classes('text-sm text-slate-500')
        with ui.row().classes('gap-2 flex-wrap'):
            for label, value, color in (
                ('created', report.created, 'green'),
                ('merged', report.merged, 'blue'),
                ('skipped', report.skipped, 'grey'),
                ('flagged', report.flagged, 'amber'),
                ('rejected', len(report.rejected), 'red'),
            ):
                ui.chip(f'{value:,} {label}', color=color, text_color='white').props('square').mark(
                    f'summary-{label}'
                ).props(f'data-testid=summary-{label}')
        if report.flagged:
            ui.label('Flagged rows were imported; review them in Contacts → Duplicates.').classes('text-sm')
        if report.warnings:
            with (
                ui.expansion(f'{len(report.warnings):,} warnings')
                .classes('w-full')
                .mark('summary-warnings')
                .props('data-testid=summary-warnings')
                .props('data-testid=summary-warnings')
            ):
                for w in report.warnings[:200]:
                    ui.label(f'Row {w.row}: {w.message}').classes('text-sm')
        with ui.row().classes('gap-2 flex-wrap items-center'):
            if report.rejected and path is not None:

                async def download() -> None:
                    data = await run.io_bound(
                        importer.rejected_rows_csv,
                        actor=user,
                        path=path,
                        sheet=state.sheet or None,
                        rejected=[r.model_dump() for r in report.rejected],
                    )
                    ui.download.content(data, f'rejected-{Path(state.filename).stem}.csv', 'text/csv')

                ui.button('Download rejected rows', icon='download', on_click=download).props('outline').mark(
                    'download-rejected'
                ).props('data-testid=download-rejected')
            if report.batch_id is not None and not state.undo:
                ui.link('Open these leads on the board', f'/leads?import={report.batch_id}').mark(
                    'board-link'
                ).props('data-testid=board-link')
            ui.space()
            if report.batch_id is not None and not state.undo:
                ui.button(
                    'Undo import', icon='undo', on_click=lambda: _confirm_undo(user, state, report, on_change)
                ).props('outline color=negative').mark('undo-import').props('data-testid=undo-import')
        if state.undo:
            _undo_result(state.undo)
        ui.button(
            'Import another file', icon='upload_file', on_click=lambda: (state.reset(), on_change())
        ).props('flat').mark('import-again').props('data-testid=import-again')


def _confirm_undo(user: UserRead, state: WizardState, report, on_change: Callable[[], None]) -> None:
    with ui.dialog() as dialog, ui.card().classes('p-6 gap-3'):
        ui.label('Undo this import?').classes('text-lg font-semibold')
        ui.label(
            f'This removes the {report.created + report.flagged:,} contacts and their leads it created and reverts '
            f'the {report.merged:,} merges. Records edited since the import are left alone.'
        ).classes('text-sm')
        with ui.row().classes('justify-end w-full'):
            ui.button('Keep it', on_click=dialog.close).props('flat')

            async def confirm() -> None:
                dialog.close()
                try:
                    result = await run.io_bound(importer.undo_import, actor=user, batch_id=report.batch_id)
                except DomainError as e:
                    ui.notify(str(e), type='negative', multi_line=True)
                    return
                state.undo = result.model_dump(mode='json')
                state.save()
                ui.notify('Import undone.', type='positive')
                on_change()

            ui.button('Undo import', on_click=confirm).props('unelevated color=negative').mark(
                'undo-confirm'
            ).props('data-testid=undo-confirm')
    dialog.open()


def _undo_result(undo: dict) -> None:
    with (
        ui.column()
        .classes('w-full gap-1 bg-slate-100 rounded p-3')
        .mark('undo-result')
        .props('data-testid=undo-result')
        .props('data-testid=undo-result')
    ):
        ui.label(
            f'Undone: removed {undo["removed_contacts"]:,} contacts and {undo["removed_leads"]:,} leads, '
            f'reverted {undo["reverted"]:,} merged contacts.'
        ).classes('font-medium')
        for kept in undo.get('kept', []):
            ui.label(f'Left alone: {kept["name"]} — {kept["reason"]}.').classes('text-sm')
