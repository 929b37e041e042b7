"""The one source of "now" for the domain, so tests can move time (claim expiry, call ordering)."""

from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta

from models import utcnow

_source: list[Callable[[], datetime]] = [utcnow]


def now() -> datetime:
    return _source[-1]()


@contextmanager
def frozen(at: datetime):
    """Pin "now" to `at` (tests); yields a function that moves the pinned time forward."""
    current = [at]

    def advance(delta: timedelta) -> None:
        current[0] += delta

    _source.append(lambda: current[0])
    try:
        yield advance
    finally:
        _source.pop()
