"""The shared page frame: header with navigation, the signed-in user, Sign out, and the demo banner."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import app, ui

from models import UserRead
from ui.components.avatar import initials_avatar

# (label, path, icon, needs admin); an entry shows only once its page is registered
NAV = (
    ('Leads', '/leads', 'view_kanban', False),
    ('Contacts', '/contacts', 'contacts', False),
    ('Clients', '/clients', 'business', False),
    ('Import', '/import', 'upload_file', False),
)
SETTINGS = (
    ('Pipeline', '/settings/pipeline', 'linear_scale'),
    ('Tags', '/settings/tags', 'sell'),
    ('Users', '/settings/users', 'group'),
    ('General', '/settings/general', 'tune'),
)


def _registered() -> set[str]:
    return {getattr(route, 'path', '') for route in app.routes}


def nav_items(user: UserRead) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    paths = _registered()
    main = [
        (label, path, icon)
        for label, path, icon, admin in NAV
        if path in paths and (user.is_admin or not admin)
    ]
    settings = [item for item in SETTINGS if item[1] in paths] if user.is_admin else []
    return main, settings


@contextmanager
def frame(title: str, user: UserRead, *, active: str = '') -> Iterator[ui.column]:
    ui.page_title(f'{title} · Leadboard')
    ui.colors(primary='#2563eb', secondary='#475569', accent='#7c3aed')
    ui.query('body').classes('bg-slate-50')
    main, settings = nav_items(user)
    with ui.header(elevated=False).classes(
        'bg-white text-slate-800 border-b border-slate-200 px-4 py-2 items-center gap-2'
    ):
        with ui.button(icon='menu').props('flat round dense').classes('sm:hidden').mark('nav-menu'):
            with ui.menu():
                for label, path, icon in main + settings:
                    ui.menu_item(label, on_click=lambda p=path: ui.navigate.to(p)).props(f'icon={icon}')
        with ui.link(target='/').classes('no-underline text-slate-900 flex items-center gap-2 mr-4'):
            ui.icon('bolt', color='primary').classes('text-2xl')
            ui.label('Leadboard').classes('text-lg font-bold tracking-tight')
        with ui.row().classes('gap-1 items-center max-sm:hidden'):
            for label, path, icon in main:
                _nav_button(label, path, icon, active)
            if settings:
                with (
                    ui.button('Settings', icon='settings')
                    .props('flat no-caps')
                    .classes(_nav_classes(active == 'Settings')),
                    ui.menu(),
                ):
                    for label, path, icon in settings:
                        ui.menu_item(label, on_click=lambda p=path: ui.navigate.to(p)).props(f'icon={icon}')
        ui.space()
        with ui.button().props('flat no-caps').classes('text-slate-700').mark('user-menu'):
            initials_avatar(user.initials, size='sm')
            ui.label(user.display_name).classes('ml-2 max-sm:hidden')
            with ui.menu():
                ui.menu_item(f'Signed in as {user.username}').props('disable')
                ui.menu_item('Sign out', on_click=lambda: ui.navigate.to('/logout')).mark('sign-out')
    if getattr(app.state, 'demo', False):
        with (
            ui.row()
            .classes('w-full bg-amber-100 text-amber-900 px-4 py-1 text-sm items-center gap-2 no-wrap')
            .mark('demo-banner')
        ):
            ui.icon('science')
            ui.label('Demo data — everything here is made up and can be changed freely.')
    with ui.column().classes('w-full max-w-[1600px] mx-auto p-3 sm:p-5 gap-4') as content:
        yield content


def _nav_classes(is_active: bool) -> str:
    return 'text-primary bg-blue-50' if is_active else 'text-slate-600'


def _nav_button(label: str, path: str, icon: str, active: str) -> None:
    ui.button(label, icon=icon, on_click=lambda: ui.navigate.to(path)).props('flat no-caps').classes(
        _nav_classes(label == active)
    ).mark(f'nav-{label.lower()}')


@contextmanager
def bare(title: str) -> Iterator[ui.column]:
    """The frame of the pages before sign-in: a centered card."""
    ui.page_title(f'{title} · Leadboard')
    ui.colors(primary='#2563eb')
    ui.query('body').classes('bg-slate-100')
    with ui.column().classes('w-full min-h-screen items-center justify-center p-4'):
        with ui.row().classes('items-center gap-2 mb-2'):
            ui.icon('bolt', color='primary').classes('text-3xl')
            ui.label('Leadboard').classes('text-2xl font-bold tracking-tight')
        if getattr(app.state, 'demo', False):
            ui.label('Demo data').classes('text-amber-800 bg-amber-100 rounded px-2 text-sm').mark(
                'demo-banner'
            )
        with ui.card().classes('w-full max-w-sm p-6 gap-3') as card:
            yield card
