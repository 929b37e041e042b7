"""One lead on the board: name, company, tag chips, next call, owner initials, claim badge, quick actions.

The card is drawn in the browser (lead_card.js) from one props dict, so it costs one NiceGUI element
instead of ~10: a board holds ~100 cards per open tab, and every element is paid for at build time, at each
live update and in server memory (see bench/board.py and bench/live.py)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from nicegui import ui
from nicegui.events import GenericEventArguments

from models import UserRead
from services.board import BoardCard


@dataclass(frozen=True)
class CardAction:
    """A quick action on a card (the lead-page work adds Claim). The browser draws its button from the card's
    props — an element per button on every card of every open board would cost more than the card — and
    a click comes back as the card's 'action' event, which runs `run` (clicks there do not open the lead).
    `run` is async: an action writes, and a write waits in a worker thread while an import holds the lock."""

    key: str
    label: str
    icon: str
    title: str
    applies: Callable[[BoardCard, UserRead], bool]
    run: Callable[[BoardCard, UserRead], Awaitable[None]]


CARD_ACTIONS: list[CardAction] = []


def next_call_text(when: datetime | None, now: datetime) -> tuple[str, str]:
    """('Overdue 2 d' | 'Today 14:30' | 'Tomorrow 09:00' ..., tone): tone is overdue, today, later or none."""
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


def _span(delta: timedelta) -> str:
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f'{minutes} min'
    if minutes < 48 * 60:
        return f'{minutes // 60} h'
    return f'{minutes // (24 * 60)} d'


def card_props(card: BoardCard, now: datetime, *, closed: bool = False) -> dict:
    """What the browser draws. `closed`: a won or lost stage, where "no call scheduled" is no news."""
    due_text, due_tone = next_call_text(card.next_call_at, now)
    if closed and due_tone == 'none':
        due_text = ''
    return {
        'id': card.id,
        'name': card.name,
        'company': card.company,
        'phone': card.phone,
        # tuples: NiceGUI wraps a list or dict in props into observables, each of them, for every card
        'tags': tuple({'name': t.name, 'color': safe_color(t.color)} for t in card.tags),
        'due_text': due_text,
        'due_tone': due_tone,
        'owner_initials': card.owner.initials if card.owner else '',
        'owner_name': card.owner.name if card.owner else '',
        'claim_text': claim_text(card, now),
    }


class LeadCard(ui.element, component='lead_card.js'):
    def __init__(self, card: BoardCard, *, user: UserRead, now: datetime, closed: bool = False) -> None:
        super().__init__()
        self.user = user
        self.card = card
        self._listening = False
        self._acting = False
        self.props['data-lead'] = card.id
        self.mark(f'lead-card-{card.id}')
        self.look = self._props['card'] = self._look(card, now, closed)
        self._drawn = (card, _minute(now), closed)

    def show(self, card: BoardCard, now: datetime, *, closed: bool = False) -> bool:
        """Redraw if anything visible changed (True)."""
        drawn = (card, _minute(now), closed)
        if drawn == self._drawn:
            return False  # the common case in a live refresh: most cards of a column did not change
        self._drawn = drawn
        look = self._look(card, now, closed)
        if look == self.look and card == self.card:
            return False
        self.card, self.look = card, look
        self.props['card'] = look
        self.update()
        return True

    def _look(self, card: BoardCard, now: datetime, closed: bool) -> dict:
        actions = tuple(
            {'key': a.key, 'label': a.label, 'icon': a.icon, 'title': a.title}
            for a in CARD_ACTIONS
            if a.applies(card, self.user)
        )
        if actions and not self._listening:
            self._listening = True  # only cards that ever offer an action pay for a listener
            self.on('action', self._act)
        return card_props(card, now, closed=closed) | {'actions': actions}

    async def _act(self, e: GenericEventArguments) -> None:
        action = next((a for a in CARD_ACTIONS if a.key == e.args), None)
        # the card may have changed since it was drawn: only an action it offers now runs; and one at a
        # time, so a double click on Claim while the first is being saved claims once
        if action is None or self._acting or not action.applies(self.card, self.user):
            return
        self._acting = True
        try:
            await action.run(self.card, self.user)
        finally:
            self._acting = False


def _minute(now: datetime) -> int:
    # relative times ("Overdue 5 min", "3 h left") change at most once a minute
    return int(now.timestamp() // 60)


def safe_color(value: str) -> str:
    # colors come from settings forms; anything but a hex color falls back to slate
    ok = (
        value.startswith('#')
        and len(value) in (4, 7)
        and all(c in '0123456789abcdefABCDEF' for c in value[1:])
    )
    return value if ok else '#64748b'
