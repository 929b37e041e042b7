"""A short-lived cache of board snapshots shared by identical views.

When one lead moves, every open board refreshes at once; fifty managers looking at the same unfiltered
board would otherwise run fifty identical sets of queries on the event loop. A snapshot is keyed by what
decides its content (who may see what, the filters, the column sizes) and dropped by any domain event, so
it can never be newer-than-committed or older than the last change; the TTL covers what changes with
the clock alone (a claim lapsing, "due today" rolling over)."""

import time
from threading import Lock
from typing import Any

from models import User
from services import events
from services.board_query import OWNER_ME, BoardFilter

TTL_SECONDS = 5.0
MAX_ENTRIES = 256

_lock = Lock()
_entries: dict[tuple, tuple[float, Any]] = {}
_generation = [0]


def view_key(user: User, filters: BoardFilter, limits: dict[int, int]) -> tuple:
    # users with View All Leads see the same cards unless "owner = me" makes the view personal
    shared = user.can_view_all_leads and filters.owner != OWNER_ME
    who = ('all',) if shared else (user.id, user.can_manage_leads, user.can_view_all_leads)
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


def invalidate(_event: object = None) -> None:
    with _lock:
        _generation[0] += 1
        _entries.clear()


# subscribed at import, before the UI's bridge (installed at app start): boards re-read after the drop
events.subscribe(invalidate)
