"""The side-by-side merge dialog: only the fields that differ, one choice per field (and "keep both" for
emails, phones and notes). Returns the MergeResult, or None when cancelled or refused."""

from nicegui import run, ui

from models import UserRead
from services import merge
from services.errors import DomainError
from services.merge import MergeResult
from ui.session import attempt


def _shown(value: str) -> str:
    value = ' '.join((value or '').split())
    return (value[:80] + '…' if len(value) > 80 else value) or '(empty)'


async def merge_dialog(user: UserRead, first_id: int, second_id: int) -> MergeResult | None:
    preview = attempt(merge.preview_merge, actor=user, survivor_id=first_id, merged_id=second_id)
    if preview is None:
        return None
    a, b = preview.survivor, preview.merged
    choices: dict[str, ui.radio] = {}
    with ui.dialog() as dialog, ui.card().classes('w-[46rem] max-w-full gap-3').mark('merge-dialog'):
        ui.label('Merge contacts').classes('text-lg font-semibold')
        ui.label(
            'The kept record gets the tags, notes, timeline, groups and leads of both. '
            'You can undo the merge afterwards.'
        ).classes('text-sm text-slate-600')
        keep = (
            ui.toggle({a.id: f'Keep #{a.id} {a.name}', b.id: f'Keep #{b.id} {b.name}'}, value=a.id)
            .props('no-caps dense')
            .classes('max-w-full')
            .mark('merge-survivor')
        )
        if not preview.differences:
            ui.label('These two records hold the same values.').classes('text-slate-600')
        with ui.column().classes('w-full gap-2 max-h-[55vh] overflow-auto'):
            for diff in preview.differences:
                with ui.row().classes('w-full items-start gap-3 no-wrap border-b border-slate-100 pb-2'):
                    ui.label(diff.label).classes(
                        'w-28 max-sm:w-16 shrink-0 text-sm font-medium text-slate-700 pt-1'
                    )
                    options = {'first': _shown(diff.survivor_value), 'second': _shown(diff.merged_value)}
                    if diff.can_keep_both and diff.survivor_value and diff.merged_value:
                        options['both'] = 'Keep both' if diff.field != 'notes' else 'Keep both (joined)'
                    default = 'first' if diff.survivor_value.strip() else 'second'
                    if diff.field == 'notes' and 'both' in options:
                        default = 'both'
                    choices[diff.field] = (
                        ui.radio(options, value=default)
                        .props('dense')
                        .classes('text-sm')
                        .mark(f'merge-{diff.field}')
                    )
        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
            ui.button('Merge', icon='call_merge', on_click=lambda: dialog.submit('go')).props('no-caps').mark(
                'merge-confirm'
            )
    dialog.open()
    if await dialog != 'go':
        return None
    survivor_id = keep.value
    merged_id = b.id if survivor_id == a.id else a.id
    flip = survivor_id != a.id
    picked = {}
    for field, radio in choices.items():
        value = radio.value
        if value == 'both':
            picked[field] = 'both'
        else:
            first_wins = value == 'first'
            picked[field] = 'survivor' if first_wins != flip else 'merged'
    try:
        return await run.io_bound(
            merge.merge_contacts, actor=user, survivor_id=survivor_id, merged_id=merged_id, choices=picked
        )
    except DomainError as e:
        ui.notify(str(e), type='negative', multi_line=True)
        return None
