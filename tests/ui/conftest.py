"""Page tests share one process, and ui/live.py's Events are module globals: NiceGUI's test reset forgets
them after the first test (it clears and empties `Event.instances`) and drops clients without running
their on-delete handlers, so components of earlier tests would stay subscribed and refresh dead pages."""

import weakref
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import pytest
from nicegui import Event, ui
from nicegui.slot import Slot
from nicegui.testing import User

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


class _ByClient:
    """Stands in for `ui.notify` / `ui.navigate` / `ui.download` and reaches the simulated user whose page
    the calling code runs for (else, as NiceGUI does, the user the test touched last)."""

    def __init__(self, attribute: str, users: 'weakref.WeakSet[User]', last: list[User]) -> None:
        self._attribute, self._users, self._last = attribute, users, last

    def _target(self) -> Any:
        stack = Slot.get_stack()
        if stack:
            with suppress(RuntimeError):  # the slot's element may be gone
                client = stack[-1].parent.client
                for user in list(self._users):
                    if object.__getattribute__(user, 'client') is client:
                        return object.__getattribute__(user, self._attribute)
        return object.__getattribute__(self._last[0], self._attribute)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._target()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


@pytest.fixture(autouse=True)
def notify_and_navigate_reach_the_right_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """NiceGUI's simulated User swaps the module-level ui.notify / ui.navigate for its own on every attribute
    access, so with two users a handler that notifies or navigates after an await (every write runs in a
    worker thread) reached whichever user the test, or the other page's updates, touched last."""
    users: weakref.WeakSet[User] = weakref.WeakSet()
    last: list[User] = []
    routed = {name: _ByClient(name, users, last) for name in ('notify', 'navigate', 'download')}

    def getattribute(self: User, name: str) -> Any:
        if name not in routed:
            users.add(self)
            last[:] = [self]
            ui.notify, ui.navigate, ui.download = routed['notify'], routed['navigate'], routed['download']
        return object.__getattribute__(self, name)

    monkeypatch.setattr(User, '__getattribute__', getattribute)
