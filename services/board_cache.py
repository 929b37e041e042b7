"""A short-lived cache of board snapshots shared by identical views.

When one lead moves, every open board refreshes at once; fifty managers looking at the same unfiltered
board would otherwise run fifty identical sets of queries on the event loop. A snapshot is keyed by what
decides its content (who may see what, the filters, the column sizes) and dropped by any domain event, so
it can never be newer-than-committed or older than the last change; the TTL covers what changes with
the clock alone (a claim lapsing, "due today" rolling over).

A cache hit needs no database round trip at all: the viewer's permissions are remembered from their
last checked read and forgotten on any user change (UsersChanged), so a revoked View All Leads or a
deactivated account is checked against the database at the very next refresh."""

import time
from dataclasses import dataclass
from threading import Lock
from typing import Any

from models import User
from services import events
from services.board_query import OWNER_ME, BoardFilter

TTL_SECONDS = 5.0
MAX_ENTRIES = 256
MAX_CARDS = 20_000

_lock = Lock()
_entries: dict[tuple, tuple[float, Any]] = {}
_generation = [0]
_viewers: dict[int, 'Viewer'] = {}
_cards: dict[int, Any] = {}


@dataclass(frozen=True)
class Viewer:
    """What decides which leads a user sees, as of their last permission check."""

    user_id: int
    view_all: bool
    manage: bool


def viewer(user_id: int) -> Viewer | None:
    """The user's permissions as last read from the database, until any user or permission change."""
    with _lock:
        return _viewers.get(user_id)


def remember_viewer(user: User) -> Viewer:
    seen = Viewer(user_id=user.id, view_all=user.can_view_all_leads, manage=user.can_manage_leads)
    with _lock:
        _viewers[user.id] = seen
    return seen


def view_key(viewer: Viewer, filters: BoardFilter, limits: dict[int, int]) -> tuple:
    # users with View All Leads see the same cards unless "owner = me" makes the view personal
    shared = viewer.view_all and filters.owner != OWNER_ME
    who = ('all',) if shared else (viewer.user_id, viewer.manage, viewer.view_all)
    return (*who, filters, tuple(sorted(limits.items())))


def generation() -> int:
    """Read before querying; `put` refuses a result computed across a change."""
    return _generation[0]


def get(key: tuple) -> Any | None:
    with _lock:
        entry = _entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]


def put(key: tuple, value: Any, seen_generation: int) -> None:
    with _lock:
        if seen_generation != _generation[0]:
            return
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[key] = (time.monotonic() + TTL_SECONDS, value)


def same_card(card: Any) -> Any:
    """The card built before for this lead if nothing in it changed, else this one (remembered). After a
    move every open board compares its cards with the new snapshot's: with the unchanged ones identical,
    each comparison is an identity check, and the real one happens once, here."""
    with _lock:
        previous = _cards.get(card.id)
        if previous is not None and previous == card:
            return previous
        if len(_cards) >= MAX_CARDS:
            _cards.clear()
        _cards[card.id] = card
        return card


def invalidate(event: object = None) -> None:
    with _lock:
        _generation[0] += 1
        _entries.clear()
        if event is None or isinstance(event, events.UsersChanged):
            # a permission change or deactivation: the next read checks the database again
            _viewers.clear()


# subscribed at import, before the UI's bridge (installed at app start): boards re-read after the drop
events.subscribe(invalidate)
