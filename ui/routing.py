"""`@page(path)`: a NiceGUI page that only a signed-in, active user reaches (and only after setup).

The page function receives the user as its `user` argument; path and query parameters work as with
`ui.page`. Every page of the app is declared with it, so no page can forget the login check."""

import functools
import inspect
from collections.abc import Callable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from services import users
from ui.frame import frame
from ui.session import current_user


def page(path: str, *, admin: bool = False, title: str = '') -> Callable[[Callable], Callable]:
    def decorator(fn: Callable) -> Callable:
        signature = inspect.signature(fn)
        wants_request = 'request' in signature.parameters
        params = [p for name, p in signature.parameters.items() if name not in ('user', 'request')]
        params.append(inspect.Parameter('request', inspect.Parameter.KEYWORD_ONLY, annotation=Request))

        @functools.wraps(fn)
        async def wrapper(*args, request: Request, **kwargs):
            if not users.any_users():
                return RedirectResponse('/setup')
            user = current_user()
            if user is None:
                target = request.url.path + (f'?{request.url.query}' if request.url.query else '')
                return RedirectResponse(f'/login?next={quote(target)}')
            if admin and not user.is_admin:
                with frame(title or 'Not allowed', user):
                    with ui.card().classes('max-w-lg mx-auto mt-8 p-6').mark('forbidden'):
                        ui.label('Admins only').classes('text-lg font-semibold')
                        ui.label('This page is for admins. Ask an admin if you need something changed here.')
                return None
            if wants_request:
                kwargs['request'] = request
            result = fn(*args, user=user, **kwargs)
            if inspect.isawaitable(result):
                result = await result
            return result

        wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        return ui.page(path)(wrapper)

    return decorator
