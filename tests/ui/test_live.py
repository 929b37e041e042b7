"""Domain events published after one client's action reach every other connected client."""

import asyncio
from collections.abc import Callable

from nicegui.testing import User

from services import events, users
from tests.ui.helpers import sign_in
from ui import live


async def test_a_change_by_one_admin_appears_on_another_admins_open_page(
    create_user: Callable[[], User], admin, make_user
) -> None:
    make_user('root2', {'admin'}, 'Second Admin')
    first, second = create_user(), create_user()
    await sign_in(first, 'admin')
    await sign_in(second, 'root2')
    await first.open('/settings/users')
    await second.open('/settings/users')
    await second.should_not_see(marker='user-dana')

    first.find(marker='add-user').click()
    first.find(marker='new-username').type('dana')
    first.find(marker='new-password').type('dana-secret-1')
    first.find(marker='new-user-save').click()

    await second.should_see(marker='user-dana')


async def test_events_from_worker_threads_arrive_on_the_event_loop(user: User, admin) -> None:
    received: list[events.UsersChanged] = []
    live.users_changed.subscribe(received.append)
    await sign_in(user, 'admin')
    await asyncio.to_thread(users.set_permissions, actor=admin, user_id=admin.id, permissions={'admin'})
    for _ in range(20):
        if received:
            break
        await asyncio.sleep(0.05)
    assert [e.kind for e in received] == ['permissions']
    assert received[0].user_ids == {admin.id}
