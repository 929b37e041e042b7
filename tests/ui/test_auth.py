from nicegui.testing import User

from services import users
from tests.conftest import PASSWORD
from tests.ui.helpers import sign_in


async def test_first_visit_goes_to_setup_which_creates_the_admin(user: User) -> None:
    await user.open('/settings/users')
    await user.should_see(marker='setup-username')
    user.find(marker='setup-username').type('boss')
    user.find(marker='setup-name').type('Bo Boss')
    user.find(marker='setup-password').type('long-enough-pw')
    user.find(marker='setup-confirm').type('long-enough-pw')
    user.find(marker='setup-submit').click()
    await user.should_see(marker='user-menu', retries=50)  # hashing and saving run in a worker thread
    created = users.authenticate(username='boss', password='long-enough-pw')
    assert created.is_admin


async def test_setup_refuses_short_password_and_mismatch(user: User) -> None:
    await user.open('/setup')
    user.find(marker='setup-username').type('boss')
    user.find(marker='setup-password').type('short')
    user.find(marker='setup-confirm').type('short')
    user.find(marker='setup-submit').click()
    await user.should_see('at least 8 characters')
    user.find(marker='setup-confirm').type('-different')
    user.find(marker='setup-submit').click()
    await user.should_see('The two passwords differ')
    assert not users.any_users()


async def test_setup_is_gone_once_a_user_exists(user: User, admin) -> None:
    await user.open('/setup')
    await user.should_see(marker='login-username')
    await user.should_not_see(marker='setup-username')


async def test_pages_need_sign_in(user: User, admin) -> None:
    await user.open('/settings/users')
    await user.should_see(marker='login-username')


async def test_wrong_password_is_refused_then_right_one_signs_in(user: User, admin) -> None:
    await sign_in(user, 'admin', 'wrong-password', expect_success=False)
    await user.should_see('Wrong username or password.')
    await sign_in(user, 'admin', PASSWORD)
    await user.should_see(marker='user-menu')
    await user.should_see('Ada Admin')


async def test_sign_out_ends_the_session(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.should_see(marker='user-menu')
    await user.open('/logout')
    await user.should_see(marker='login-username')
    await user.open('/settings/users')
    await user.should_see(marker='login-username')


async def test_deactivated_user_is_sent_to_login_on_next_page(user: User, admin, make_user) -> None:
    make_user('ben', {'create_leads'})
    await sign_in(user, 'ben')
    await user.should_see(marker='user-menu')
    ben = users.authenticate(username='ben', password=PASSWORD)
    users.set_active(actor=admin, user_id=ben.id, active=False)
    await user.open('/settings/users')
    await user.should_see(marker='login-username')
