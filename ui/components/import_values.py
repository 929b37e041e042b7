"""Step 3 of the import wizard: the distinct status and source values, mapped to stages and sources."""

from nicegui import ui

from services.importer import ValueOverview
from ui.components.import_state import slug

UNKNOWN_STAGE = '(unknown → New, with a warning)'
UNKNOWN_SOURCE = '(unknown → Other, with a warning)'


def value_tables(overview: ValueOverview, status_map: dict, source_map: dict) -> None:
    if not overview.status and not overview.source:
        ui.label('No status or source column is mapped: every row lands in New.').classes('text-slate-500')
        return
    stage_options = {'': UNKNOWN_STAGE, **{key: name for key, name in overview.stages}}
    source_options = {'': UNKNOWN_SOURCE, **{s: s for s in overview.sources}}
    if overview.status:
        _table('Status → stage', overview.status, stage_options, status_map, 'status')
    if overview.source:
        _table('Source', overview.source, source_options, source_map, 'source')


def _table(title: str, choices, options: dict, target: dict, kind: str) -> None:
    ui.label(title).classes('text-lg font-semibold mt-2')
    with ui.column().classes('w-full gap-0 border border-slate-200 rounded-lg bg-white'):
        for choice in choices:
            target.setdefault(choice.value, choice.target)
            with ui.row().classes('w-full px-3 py-2 border-t border-slate-100 items-center gap-2 sm:no-wrap'):
                ui.label(choice.value).classes('sm:w-1/3 w-full font-medium break-all')
                ui.label(f'{choice.count:,} rows').classes('flex-1 text-sm text-slate-500')

                def changed(e, value=choice.value) -> None:
                    target[value] = e.value or None

                ui.select(options, value=target.get(choice.value) or '', on_change=changed).props(
                    'dense outlined options-dense'
                ).classes('w-64 max-sm:w-full').mark(f'value-{kind}-{choice.value}').props(
                    f'data-testid=value-{kind}-{slug(choice.value)}'
                )
