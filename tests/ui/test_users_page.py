from nicegui.testing import User

from services import users
from tests.conftest import PASSWORD
from tests.ui.helpers import sign_in


async def test_non_admin_is_refused_with_a_clear_page(user: User, admin, make_user) -> None:
    make_user('ben', {'create_leads', 'manage_leads'})
    await sign_in(user, 'ben')
    await user.open('/settings/users')
    await user.should_see(marker='forbidden')
    await user.should_see('This page is for admins')
    await user.should_not_see(marker='add-user')


async def test_admin_adds_a_user_who_can_then_sign_in(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/settings/users')
    user.find(marker='add-user').click()
    user.find(marker='new-username').type('carla')
    user.find(marker='new-display-name').type('Carla Diaz')
    user.find(marker='new-password').type('carla-secret-1')
    user.find(marker='new-user-save').click()
    await user.should_see('Carla Diaz can now sign in as carla.')
    await user.should_see(marker='user-carla')
    carla = users.authenticate(username='carla', password='carla-secret-1')
    assert carla.permissions == {'create_leads', 'manage_leads', 'view_all_leads'}


async def test_add_user_validation_messages(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/settings/users')
    user.find(marker='add-user').click()
    user.find(marker='new-password').type('long-enough-pw')
    user.find(marker='new-user-save').click()
    await user.should_see('Please enter a username.')
    user.find(marker='new-username').type('admin')
    user.find(marker='new-user-save').click()
    await user.should_see("The username 'admin' is already taken.")
    user.find(marker='new-username').type('zed')
    user.find(marker='new-password').clear()
    user.find(marker='new-password').type('short')
    user.find(marker='new-user-save').click()
    await user.should_see('at least 8 characters')


async def test_admin_changes_permissions_and_deactivates(user: User, admin, make_user) -> None:
    ben = make_user('ben', {'create_leads'})
    await sign_in(user, 'admin')
    await user.open('/settings/users')
    user.find(marker='perm-ben-manage_leads').click()
    await user.should_see('Ben: Manage Leads granted.')
    assert users.authenticate(username='ben', password=PASSWORD).permissions == {
        'create_leads',
        'manage_leads',
    }
    user.find(marker='user-actions-ben').click()
    user.find(marker='deactivate-ben').click()
    await user.should_see('Ben deactivated.')
    assert users.get_active(ben.id) is None


async def test_admin_resets_a_password(user: User, admin, make_user) -> None:
    make_user('ben', {'create_leads'})
    await sign_in(user, 'admin')
    await user.open('/settings/users')
    user.find(marker='user-actions-ben').click()
    user.find(marker='reset-ben').click()
    user.find(marker='reset-password').type('short')
    user.find(marker='reset-save').click()
    await user.should_see('at least 8 characters')
    user.find(marker='reset-password').clear()
    user.find(marker='reset-password').type('ben-new-secret')
    user.find(marker='reset-save').click()
    await user.should_see('Password of Ben changed.')
    assert users.authenticate(username='ben', password='ben-new-secret').username == 'ben'
