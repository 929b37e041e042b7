"""Times on screen: in the server's local time zone (one team, one office clock) and relative to now."""

from datetime import datetime

from services import clock
from services.relative_time import ago


def local(at: datetime | None, *, with_year: bool = False) -> str:
    if at is None:
        return ''
    shown = at.astimezone()
    return shown.strftime('%a %d %b %Y, %H:%M' if with_year else '%a %d %b, %H:%M')


def relative(at: datetime | None) -> str:
    return ago(at, clock.now()) if at is not None else ''
