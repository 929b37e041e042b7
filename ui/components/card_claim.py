"""The board card's Claim action (pool leads, for users with Manage Leads) and the won-stage drop that opens
the convert dialog: both plug into the board's own hooks (CARD_ACTIONS, STAGE_DROP)."""

from nicegui import ui

from models import StageKind, UserRead
from services import claims
from services.board import BoardCard
from ui.components import board_drop, lead_card
from ui.components.convert_dialog import convert_on_drop
from ui.session import attempt_in_thread


def _claimable(card: BoardCard, user: UserRead) -> bool:
    return user.can_manage_leads and card.owner is None and card.claimed_by is None


async def _claim(card: BoardCard, user: UserRead) -> None:
    # the live update that follows redraws the card with its claim badge, on every open board
    if await attempt_in_thread(claims.claim_lead, actor=user, lead_id=card.id) is not None:
        ui.notify(f'You claimed {card.name}.', type='positive')


CLAIM = lead_card.CardAction(
    key='claim',
    label='Claim',
    icon='front_hand',
    title='Claim this lead from the pool',
    applies=_claimable,
    run=_claim,
)


def install() -> None:
    """Idempotent: main.py runs again for every page test, and the hooks are module-level lists."""
    if CLAIM not in lead_card.CARD_ACTIONS:
        lead_card.CARD_ACTIONS.append(CLAIM)
    board_drop.STAGE_DROP[StageKind.WON] = convert_on_drop
