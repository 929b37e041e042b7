"""What dropping a card on a stage does. Each handler returns True when the lead moved (the live update
then re-draws the columns) and False when it did not (the board snaps the card back).

`STAGE_DROP[kind]` is the hook: the lead-page work replaces the won handler with the convert dialog."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from models import StageKind, StageRead, UserRead
from services import leads
from services.board import BoardCard
from ui.session import attempt_in_thread

DropHandler = Callable[[BoardCard, StageRead, UserRead], Awaitable[bool]]


async def move_open(card: BoardCard, stage: StageRead, user: UserRead) -> bool:
    moved = await attempt_in_thread(leads.move_lead, actor=user, lead_id=card.id, stage_id=stage.id)
    return moved is not None


async def confirm_won(card: BoardCard, stage: StageRead, user: UserRead) -> bool:
    with ui.dialog() as dialog, ui.card().classes('w-96 max-w-full gap-3').mark('won-dialog'):
        ui.label(f'Move {card.name} to {stage.name}?').classes('text-lg font-semibold')
        ui.label('This marks the lead as won.').classes('text-sm text-slate-600')
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat no-caps')
            ui.button(f'Move to {stage.name}', on_click=lambda: dialog.submit(True)).props(
                'unelevated no-caps color=positive'
            ).mark('won-confirm')
    confirmed = await dialog
    dialog.delete()
    return bool(confirmed) and await move_open(card, stage, user)


async def ask_lost_reason(card: BoardCard, stage: StageRead, user: UserRead) -> bool:
    with ui.dialog() as dialog, ui.card().classes('w-96 max-w-full gap-3').mark('lost-dialog'):
        ui.label(f'Mark {card.name} as {stage.name}?').classes('text-lg font-semibold')
        reason = (
            ui.input('Reason (optional)', placeholder='e.g. went with a competitor')
            .props('outlined autofocus maxlength=500')
            .classes('w-full')
            .mark('lost-reason')
        )
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
            ui.button(f'Move to {stage.name}', on_click=lambda: dialog.submit(reason.value or '')).props(
                'unelevated no-caps color=negative'
            ).mark('lost-confirm')
        reason.on('keydown.enter', lambda: dialog.submit(reason.value or ''))
    answer = await dialog
    dialog.delete()
    if answer is None:
        return False
    moved = await attempt_in_thread(
        leads.move_lead, actor=user, lead_id=card.id, stage_id=stage.id, lost_reason=answer
    )
    return moved is not None


STAGE_DROP: dict[StageKind, DropHandler] = {
    StageKind.OPEN: move_open,
    StageKind.WON: confirm_won,
    StageKind.LOST: ask_lost_reason,
}
