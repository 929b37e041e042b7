"""Step 4 of the import wizard: the first rows as they will be stored, per-row problems, the totals."""

from nicegui import ui

from services.importer import ImportPreview

ACTIONS = {
    'create': 'create',
    'flag': 'create + flag',
    'merge': 'merge',
    'skip': 'skip',
    'reject': 'reject',
}
COLUMNS = [
    {'name': 'row', 'label': 'Row', 'field': 'row', 'align': 'left'},
    {'name': 'action', 'label': 'Will', 'field': 'action', 'align': 'left'},
    {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left'},
    {'name': 'email', 'label': 'Email', 'field': 'email', 'align': 'left'},
    {'name': 'phone', 'label': 'Phone', 'field': 'phone', 'align': 'left'},
    {'name': 'company', 'label': 'Company', 'field': 'company', 'align': 'left'},
    {'name': 'stage', 'label': 'Stage', 'field': 'stage_key', 'align': 'left'},
    {'name': 'source', 'label': 'Source', 'field': 'source', 'align': 'left'},
    {'name': 'tags', 'label': 'Tags', 'field': 'tags', 'align': 'left'},
    {'name': 'problems', 'label': 'Errors and warnings', 'field': 'problems', 'align': 'left'},
]


def totals(preview: ImportPreview) -> None:
    with ui.row().classes('gap-2 flex-wrap').mark('import-totals').props('data-testid=import-totals'):
        for label, value, color in (
            ('will create', preview.created, 'green'),
            ('will merge', preview.merged, 'blue'),
            ('will skip', preview.skipped, 'grey'),
            ('will flag', preview.flagged, 'amber'),
            ('will reject', preview.rejected, 'red'),
        ):
            ui.chip(f'{value:,} {label}', color=color, text_color='white').props('dense square').mark(
                f'total-{label.split()[-1]}'
            ).props(f'data-testid=total-{label.split()[-1]}')
        if preview.warnings:
            ui.chip(f'{preview.warnings:,} warnings', color='orange', text_color='white').props(
                'dense square'
            )


def preview_table(preview: ImportPreview) -> None:
    rows = []
    for item in preview.rows:
        problems = [f'✖ {e}' for e in item.errors] + [f'⚠ {w}' for w in item.warnings]
        rows.append(
            {
                'row': item.row,
                'action': ACTIONS.get(item.action, item.action),
                **item.values,
                'problems': '  '.join(problems),
            }
        )
    # cells are text (Quasar renders field values as text), so HTML or formulas in the file stay visible as typed
    ui.table(columns=COLUMNS, rows=rows, row_key='row', pagination=10).props('dense flat wrap-cells').classes(
        'w-full bg-white'
    ).mark('import-preview').props('data-testid=import-preview')
