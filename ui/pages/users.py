"""Settings → Users (admin): add users, set permissions, reset passwords, deactivate."""

from nicegui import ui

from models import PERMISSIONS, UserRead
from services import users
from ui import live
from ui.components.avatar import initials_avatar
from ui.frame import frame
from ui.routing import page
from ui.session import attempt, attempt_in_thread, busy

LABELS = {
    'create_leads': 'Create Leads',
    'manage_leads': 'Manage Leads',
    'view_all_leads': 'View All Leads',
    'admin': 'Admin',
}


class UserList:
    def __init__(self, actor: UserRead) -> None:
        self.actor = actor
        live.users_changed.subscribe(self.show.refresh)

    @ui.refreshable_method
    def show(self) -> None:
        team = attempt(users.list_users, actor=self.actor) or []
        with ui.column().classes('w-full gap-2'):
            for member in team:
                self._row(member)

    def _row(self, member: UserRead) -> None:
        muted = '' if member.active else ' opacity-60'
        with ui.card().classes('w-full p-3' + muted).mark(f'user-{member.username}'):
            with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                initials_avatar(member.initials, color='primary' if member.active else 'grey')
                with ui.column().classes('gap-0 min-w-[10rem]'):
                    ui.label(member.display_name).classes('font-medium')
                    ui.label(f'@{member.username}' + ('' if member.active else ' · deactivated')).classes(
                        'text-xs text-slate-500'
                    )
                ui.space()
                for permission in PERMISSIONS:
                    ui.checkbox(
                        LABELS[permission],
                        value=permission in member.permissions,
                        on_change=lambda e, m=member, p=permission: self._toggle(m, p, e.value),
                    ).props('dense').mark(f'perm-{member.username}-{permission}')
                with (
                    ui.button(icon='more_vert')
                    .props('flat round dense')
                    .mark(f'user-actions-{member.username}'),
                    ui.menu(),
                ):
                    ui.menu_item('Reset password…', on_click=lambda m=member: self._reset(m)).mark(
                        f'reset-{member.username}'
                    )
                    if member.active:
                        ui.menu_item('Deactivate', on_click=lambda m=member: self._set_active(m, False)).mark(
                            f'deactivate-{member.username}'
                        )
                    else:
                        ui.menu_item('Reactivate', on_click=lambda m=member: self._set_active(m, True)).mark(
                            f'reactivate-{member.username}'
                        )

    async def _toggle(self, member: UserRead, permission: str, on: bool) -> None:
        wanted = set(member.permissions) | {permission} if on else set(member.permissions) - {permission}
        # the change's own live update redraws the list, this checkbox included
        with ui.context.client:
            done = await attempt_in_thread(
                users.set_permissions, actor=self.actor, user_id=member.id, permissions=wanted
            )
            if done is None:
                self.show.refresh()
            else:
                ui.notify(f'{member.display_name}: {LABELS[permission]} {"granted" if on else "removed"}.')

    async def _set_active(self, member: UserRead, active: bool) -> None:
        with ui.context.client:
            done = await attempt_in_thread(
                users.set_active, actor=self.actor, user_id=member.id, active=active
            )
            if done is not None:
                ui.notify(f'{member.display_name} {"reactivated" if active else "deactivated"}.')

    def _reset(self, member: UserRead) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-96'):
            ui.label(f'New password for {member.display_name}').classes('font-semibold')
            password = (
                ui.input('New password (8+ characters)', password=True, password_toggle_button=True)
                .props('outlined autofocus')
                .classes('w-full')
                .mark('reset-password')
            )

            async def save() -> None:
                with busy(button):  # hashing and saving take a moment: no second click meanwhile
                    done = await attempt_in_thread(
                        users.reset_password,
                        actor=self.actor,
                        user_id=member.id,
                        password=password.value or '',
                    )
                if done is None:
                    return
                ui.notify(f'Password of {member.display_name} changed.', type='positive')
                dialog.close()

            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat')
                button = ui.button('Set password', on_click=save).props('unelevated').mark('reset-save')
        dialog.open()


def _add_dialog(actor: UserRead) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-[28rem] max-w-full'):
        ui.label('Add a user').classes('text-lg font-semibold')
        username = ui.input('Username').props('outlined autofocus').classes('w-full').mark('new-username')
        name = ui.input('Display name').props('outlined').classes('w-full').mark('new-display-name')
        password = (
            ui.input('Password (8+ characters)', password=True, password_toggle_button=True)
            .props('outlined')
            .classes('w-full')
            .mark('new-password')
        )
        ui.label('Permissions').classes('text-sm text-slate-600 mt-2')
        boxes = {
            p: ui.checkbox(LABELS[p], value=p != 'admin').props('dense').mark(f'new-perm-{p}')
            for p in PERMISSIONS
        }

        async def save() -> None:
            # a second click while the first is being saved would be refused as a duplicate
            with busy(button):
                created = await attempt_in_thread(
                    users.create_user,
                    actor=actor,
                    username=username.value or '',
                    display_name=name.value or '',
                    password=password.value or '',
                    permissions={p for p, box in boxes.items() if box.value},
                )
            if created is not None:
                ui.notify(f'{created.display_name} can now sign in as {created.username}.', type='positive')
                dialog.close()

        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            button = ui.button('Add user', on_click=save).props('unelevated').mark('new-user-save')
    dialog.open()


def create() -> None:
    @page('/settings/users', admin=True, title='Users')
    def users_page(user: UserRead) -> None:
        with frame('Users', user, active='Settings'):
            with ui.row().classes('w-full items-center'):
                ui.label('Users').classes('text-2xl font-semibold')
                ui.space()
                ui.button('Add user', icon='person_add', on_click=lambda: _add_dialog(user)).props(
                    'unelevated'
                ).mark('add-user')
            ui.label(
                'Create Leads: add leads. Manage Leads: claim, assign and take ownership. '
                'View All Leads: see every lead, not only their own. Admin: settings and users.'
            ).classes('text-sm text-slate-500')
            UserList(user).show()
