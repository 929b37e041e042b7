"""Times as people say them: "3 seconds ago", "in 2 hours", "23 h left" (used in messages and on screens)."""

from datetime import datetime, timedelta


def _span(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    for unit, size in (('day', 86400), ('hour', 3600), ('minute', 60)):
        if seconds >= size:
            count = seconds // size
            return f'{count} {unit}{"s" if count != 1 else ""}'
    return f'{seconds} second{"s" if seconds != 1 else ""}'


def ago(when: datetime, now: datetime) -> str:
    """'3 seconds ago', 'just now' for under a second, 'in 5 minutes' for a future time."""
    delta = now - when
    if abs(delta) < timedelta(seconds=1):
        return 'just now'
    return f'{_span(delta)} ago' if delta > timedelta(0) else f'in {_span(delta)}'


def left(until: datetime, now: datetime) -> str:
    """Compact time remaining: '23 h left', '45 min left', 'expired'."""
    seconds = int((until - now).total_seconds())
    if seconds <= 0:
        return 'expired'
    if seconds >= 86400 * 2:
        return f'{seconds // 86400} d left'
    if seconds >= 3600:
        return f'{seconds // 3600} h left'
    return f'{max(1, seconds // 60)} min left'
