"""Step 2 of the import wizard: a field for every column, with sample values beside it."""

from nicegui import ui

from services.importer import FIELDS, FileOverview
from ui.components.import_state import slug

IGNORE = '— ignore —'


def mapping_table(overview: FileOverview, mapping: dict[str, str | None]) -> None:
    """Edits `mapping` in place (header → field or None)."""
    options = {IGNORE: IGNORE, **FIELDS}
    with ui.column().classes('w-full gap-0 border border-slate-200 rounded-lg bg-white'):
        with ui.row().classes('w-full px-3 py-2 text-xs uppercase text-slate-500 max-sm:hidden no-wrap'):
            ui.label('Column in the file').classes('w-1/4')
            ui.label('Sample values').classes('flex-1')
            ui.label('Imports into').classes('w-56')
        for column in overview.columns:
            with (
                ui.row()
                .classes('w-full px-3 py-2 border-t border-slate-100 items-center gap-2 sm:no-wrap')
                .mark(f'map-row-{column.header}')
                .props(f'data-testid=map-row-{slug(column.header)}')
            ):
                ui.label(column.header).classes('sm:w-1/4 w-full font-medium break-all')
                ui.label(' · '.join(column.samples) or '(empty)').classes(
                    'flex-1 text-sm text-slate-500 truncate max-sm:w-full'
                )
                current = mapping.get(column.header) or IGNORE

                def changed(e, header=column.header) -> None:
                    mapping[header] = None if e.value == IGNORE else e.value

                ui.select(options, value=current, on_change=changed).props(
                    'dense outlined options-dense'
                ).classes('w-56 max-sm:w-full').mark(f'map-{column.header}').props(
                    f'data-testid=map-{slug(column.header)}'
                )
