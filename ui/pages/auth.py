"""/setup (first admin, only while no user exists), /login and /logout."""

from urllib.parse import urlparse

from fastapi.responses import RedirectResponse
from nicegui import run, ui

from services import users
from services.errors import DomainError
from ui.frame import bare
from ui.session import busy, current_user, sign_in, sign_out


def _safe_next(target: str | None) -> str:
    # only local paths: a crafted ?next=https://evil.example must not redirect off-site
    if not target or urlparse(target).netloc or not target.startswith('/') or target.startswith('//'):
        return '/leads'
    return target


def create() -> None:
    @ui.page('/')
    def index() -> RedirectResponse:
        return RedirectResponse('/leads')

    @ui.page('/setup')
    def setup_page() -> RedirectResponse | None:
        if users.any_users():
            return RedirectResponse('/login')
        with bare('Set up'):
            ui.label('Create the admin account').classes('text-lg font-semibold')
            ui.label('This first account can add users and change every setting.').classes(
                'text-sm text-slate-500'
            )
            username = (
                ui.input('Username').props('outlined autofocus').classes('w-full').mark('setup-username')
            )
            display = (
                ui.input('Your name (shown to the team)')
                .props('outlined')
                .classes('w-full')
                .mark('setup-name')
            )
            password = (
                ui.input('Password (8+ characters)', password=True, password_toggle_button=True)
                .props('outlined')
                .classes('w-full')
                .mark('setup-password')
            )
            confirm = (
                ui.input('Repeat password', password=True)
                .props('outlined')
                .classes('w-full')
                .mark('setup-confirm')
            )

            async def submit() -> None:
                if password.value != confirm.value:
                    ui.notify('The two passwords differ. Please type them again.', type='negative')
                    return
                if not button.enabled:  # Enter or a second click while the account is being saved
                    return
                try:
                    # hashing the password and saving: off the event loop
                    with busy(button):
                        user = await run.io_bound(
                            users.create_first_admin,
                            username=username.value or '',
                            display_name=display.value or '',
                            password=password.value or '',
                        )
                except DomainError as e:
                    ui.notify(str(e), type='negative')
                    return
                if user is None:  # the app is shutting down
                    return
                sign_in(user)
                ui.navigate.to('/leads')

            confirm.on('keydown.enter', submit)
            button = (
                ui.button('Create admin account', on_click=submit)
                .props('unelevated')
                .classes('w-full')
                .mark('setup-submit')
            )
        return None

    @ui.page('/login')
    def login_page(next: str | None = None) -> RedirectResponse | None:
        if not users.any_users():
            return RedirectResponse('/setup')
        if current_user() is not None:
            return RedirectResponse(_safe_next(next))
        with bare('Sign in'):
            ui.label('Sign in').classes('text-lg font-semibold')
            username = (
                ui.input('Username').props('outlined autofocus').classes('w-full').mark('login-username')
            )
            password = (
                ui.input('Password', password=True, password_toggle_button=True)
                .props('outlined')
                .classes('w-full')
                .mark('login-password')
            )
            error = ui.label().classes('text-sm text-red-700').mark('login-error')
            error.set_visibility(False)

            async def submit() -> None:
                if not button.enabled:  # Enter or a second click while the first sign-in is checked
                    return
                try:
                    # checking the password hash and recording the attempt (a write): off the event loop
                    with busy(button):
                        user = await run.io_bound(
                            users.authenticate, username=username.value or '', password=password.value or ''
                        )
                except DomainError as e:
                    error.set_text(str(e))
                    error.set_visibility(True)
                    password.set_value('')
                    return
                if user is None:  # the app is shutting down
                    return
                sign_in(user)
                ui.navigate.to(_safe_next(next))

            password.on('keydown.enter', submit)
            button = (
                ui.button('Sign in', on_click=submit)
                .props('unelevated')
                .classes('w-full')
                .mark('login-submit')
            )
        return None

    @ui.page('/logout')
    def logout_page() -> RedirectResponse:
        sign_out()
        return RedirectResponse('/login')
