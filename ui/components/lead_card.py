"""One lead on the board: name, company, tag chips, next call, owner initials, claim badge, quick actions.

A card is ~10 elements: the board keeps ~100 of them per open tab, so every element here is paid for by
every connected browser (see bench/board.py)."""

from collections.abc import Callable
from datetime import datetime

from nicegui import ui

from models import UserRead
from services.board import BoardCard

# Quick actions under a card. Each entry gets (card, user) and renders zero or more small buttons;
# the lead-page work adds Claim here. Order is the order shown.
CardAction = Callable[[BoardCard, UserRead], None]


def _call_action(card: BoardCard, user: UserRead) -> None:
    if card.phone:
        # a tel: link lets a phone or a softphone dial straight from the board
        button = (
            ui.button(icon='call').props('flat round dense size=sm color=grey-7').classes('lead-card-call')
        )
        button.props['href'] = f'tel:{card.phone}'
        button.props['title'] = f'Call {card.phone}'
        # dialing must not also open the lead: stop the click in the browser, no round trip
        button.on('click', js_handler='(e) => e.stopPropagation()')


CARD_ACTIONS: list[CardAction] = [_call_action]


def next_call_text(when: datetime | None, now: datetime) -> tuple[str, str]:
    """('in 3 h' | 'overdue 2 d' | 'today 14:30' ..., tone) with tone 'overdue', 'today', 'later' or 'none'."""
    if when is None:
        return 'No call scheduled', 'none'
    local, local_now = when.astimezone(), now.astimezone()
    if when < now:
        return f'Overdue {_span(now - when)}', 'overdue'
    if local.date() == local_now.date():
        return f'Today {local:%H:%M}', 'today'
    days = (local.date() - local_now.date()).days
    if days == 1:
        return f'Tomorrow {local:%H:%M}', 'later'
    if days < 7:
        return f'{local:%a %H:%M}', 'later'
    return f'{local:%b} {local.day}', 'later'


def claim_text(card: BoardCard, now: datetime) -> str:
    if card.claimed_by is None or card.claim_expires_at is None:
        return ''
    first = card.claimed_by.name.split()[0]
    return f'Claimed by {first} · {_span(card.claim_expires_at - now)} left'


def _span(delta) -> str:
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f'{minutes} min'
    if minutes < 48 * 60:
        return f'{minutes // 60} h'
    return f'{minutes // (24 * 60)} d'


_TONES = {
    'overdue': 'text-red-700 bg-red-50',
    'today': 'text-amber-800 bg-amber-50',
    'later': 'text-slate-600',
    'none': 'text-slate-400',
}


def render_key(card: BoardCard, now: datetime) -> tuple:
    """What a card's look depends on: equal keys mean the rendered card is still right."""
    return card, next_call_text(card.next_call_at, now), claim_text(card, now)


def lead_card(card: BoardCard, *, user: UserRead, now: datetime, closed: bool = False) -> ui.card:
    """`closed`: the card sits in a won or lost stage, where an unscheduled call is no news."""
    with (
        ui.card()
        .props(f'data-lead={card.id}')
        .classes(
            'lead-card w-full px-3 py-2 gap-0.5 cursor-pointer shadow-none hover:shadow-md border border-slate-200'
        )
        .mark(f'lead-card-{card.id}') as element
    ):
        element.on('click', lambda: ui.navigate.to(f'/leads/{card.id}'))
        with ui.row().classes('w-full items-start justify-between no-wrap gap-2'):
            ui.label(card.name).classes(
                'text-sm font-semibold text-slate-900 leading-snug break-words min-w-0'
            )
            if card.owner is not None:
                owner = ui.label(card.owner.initials).classes(
                    'shrink-0 rounded-full bg-slate-200 text-slate-700 text-[10px] font-semibold '
                    'w-6 h-6 flex items-center justify-center'
                )
                owner.props['title'] = f'Owner: {card.owner.name}'
        if card.company:
            ui.label(card.company).classes('text-xs text-slate-500 leading-tight -mt-0.5')
        if card.tags:
            with ui.row().classes('gap-1 mt-1'):
                for tag in card.tags:
                    ui.label(tag.name).classes('text-[11px] px-1.5 rounded text-white leading-4').style(
                        f'background-color: {safe_color(tag.color)}'
                    )
        text, tone = next_call_text(card.next_call_at, now)
        claim = claim_text(card, now)
        with ui.row().classes('w-full items-center gap-1 mt-1 no-wrap min-h-6'):
            if not (closed and tone == 'none'):
                ui.label(text).classes(f'text-xs rounded px-1 {_TONES[tone]}').props(f'data-due={tone}')
            ui.space()
            for action in CARD_ACTIONS:
                action(card, user)
        if claim:
            ui.label(claim).classes(
                'lead-card-claim text-[11px] text-indigo-800 bg-indigo-50 rounded px-1.5 self-start'
            )
    return element


def safe_color(value: str) -> str:
    # colors come from settings forms; anything but a hex color falls back to slate
    ok = (
        value.startswith('#')
        and len(value) in (4, 7)
        and all(c in '0123456789abcdefABCDEF' for c in value[1:])
    )
    return value if ok else '#64748b'
