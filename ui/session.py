"""Who is signed in on this browser, and running a service call the way every page does."""

from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import app, run, ui

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
    """`attempt` for a service call that may take a while (bulk moves, merges): it runs in a worker
    thread so the event loop keeps serving every other browser; refusals are shown the same way."""
    try:
        return await run.io_bound(fn, **kwargs)
    except DomainError as e:
        return attempt(_reraise, error=e)


def _reraise(*, error: DomainError) -> None:
    raise error
