"""Who is signed in on this browser, and running a service call the way every page does."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from typing import Any, TypeVar

from nicegui import Client, app, run, ui
from nicegui.elements.mixins.disableable_element import DisableableElement

from models import UserRead
from services import users
from services.errors import AccountInactive, DomainError

T = TypeVar('T')


def current_user() -> UserRead | None:
    """The signed-in, still active user; a deactivated account's session ends here."""
    user = users.get_active(app.storage.user.get('user_id'))
    if user is None and app.storage.user.get('user_id') is not None:
        app.storage.user.clear()
    return user


def require_user() -> UserRead | None:
    """For page functions: the user, or None after sending the browser to the login page."""
    user = current_user()
    if user is None:
        ui.navigate.to('/login')
    return user


def sign_in(user: UserRead) -> None:
    app.storage.user.update({'user_id': user.id, 'authenticated': True})


def sign_out() -> None:
    app.storage.user.clear()


def attempt(fn: Callable[..., T], /, **kwargs: Any) -> T | None:
    """Call a service; show a refusal as a notification and return None instead of raising."""
    try:
        return fn(**kwargs)
    except AccountInactive as e:
        sign_out()
        ui.notify(str(e), type='negative')
        ui.navigate.to('/login')
    except DomainError as e:
        ui.notify(str(e), type='negative', multi_line=True)
    return None


async def attempt_in_thread(fn: Callable[..., T], /, **kwargs: Any) -> T | None:
    """`attempt` for every service call that writes (or may take a while): it runs in a worker thread, so
    while it waits for SQLite's write lock (an import holds it for seconds) the event loop keeps serving
    every other browser; refusals are shown the same way.

    Code after the await runs once the change's own live update has redrawn the page: a caller whose
    button sits in a part that update redraws wraps the call in `with ui.context.client:`."""
    client: Client | None = None
    # resolved now: the element that asked may be redrawn while the call runs
    with suppress(RuntimeError):  # ... or have been redrawn already, while a dialog was open
        client = ui.context.client
    try:
        return await run.io_bound(fn, **kwargs)
    except DomainError as e:
        with client if client is not None else nullcontext():
            return attempt(_reraise, error=e)


def _reraise(*, error: DomainError) -> None:
    raise error


@contextmanager
def busy(*elements: DisableableElement) -> Iterator[None]:
    """Disable the elements while a call is in flight: a second click would send it twice. Elements that
    were enabled before are enabled again, unless a redraw deleted them meanwhile."""
    enabled = [element for element in elements if element.enabled]
    for element in enabled:
        element.disable()
    try:
        yield
    finally:
        for element in enabled:
            if not element.is_deleted:
                element.enable()


async def submit(button: DisableableElement, fn: Callable[..., T], /, **kwargs: Any) -> T | None:
    """`attempt_in_thread` for the write behind a form's button (and Enter in its fields): the button is
    disabled while the call is in flight, and a second click or Enter meanwhile is ignored (None)."""
    if not button.enabled:
        return None
    with busy(button):
        return await attempt_in_thread(fn, **kwargs)
