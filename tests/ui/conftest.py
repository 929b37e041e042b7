"""Page tests share one process, and ui/live.py's Events are module globals: NiceGUI's test reset forgets
them after the first test (it clears and empties `Event.instances`) and drops clients without running
their on-delete handlers, so components of earlier tests would stay subscribed and refresh dead pages."""

from collections.abc import Iterator

import pytest
from nicegui import Event

from ui import live


@pytest.fixture(autouse=True)
def fresh_live_events() -> Iterator[None]:
    def clear() -> None:
        for value in vars(live).values():
            if isinstance(value, Event):
                value.callbacks.clear()

    clear()
    yield
    clear()
