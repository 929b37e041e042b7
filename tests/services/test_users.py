from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from models import User
from services import clock, db, users
from services.errors import AccountInactive, Conflict, Forbidden, Invalid
from tests.conftest import PASSWORD


def test_first_admin_only_while_no_user_exists() -> None:
    assert not users.any_users()
    admin = users.create_first_admin(username='boss', display_name='The Boss', password='long-enough')
    assert admin.is_admin and admin.permissions == {'create_leads', 'manage_leads', 'view_all_leads', 'admin'}
    with pytest.raises(Forbidden, match='already done'):
        users.create_first_admin(username='second', display_name='', password='long-enough')


def test_passwords_are_stored_as_argon2_hashes(make_user) -> None:
    make_user('ana')
    with db.session() as s:
        stored = s.exec(User.__table__.select()).first()
    assert stored.password_hash.startswith('$argon2id$')
    assert PASSWORD not in stored.password_hash
    assert PasswordHasher().verify(stored.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ('username', 'password', 'message'),
    [
        ('', 'long-enough', 'Please enter a username.'),
        ('   ', 'long-enough', 'Please enter a username.'),
        ('ana', 'short', 'at least 8 characters'),
        ('bad name!', 'long-enough', 'letters, digits'),
    ],
)
def test_bad_account_input_gets_a_clear_message(username: str, password: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        users.create_user(actor=None, username=username, password=password, permissions=set())


def test_duplicate_username_is_refused_case_insensitively(make_user) -> None:
    make_user('ana')
    with pytest.raises(Conflict, match="'ANA' is already taken"):
        users.create_user(actor=None, username='ANA', password='long-enough', permissions=set())


def test_unknown_permission_is_refused() -> None:
    with pytest.raises(Invalid, match="Unknown permission 'superuser'"):
        users.create_user(actor=None, username='x', password='long-enough', permissions={'superuser'})


def test_authenticate_right_and_wrong(make_user) -> None:
    make_user('ana', {'create_leads'})
    assert users.authenticate(username='Ana', password=PASSWORD).username == 'ana'
    with pytest.raises(Invalid, match='Wrong username or password'):
        users.authenticate(username='ana', password='nope-nope')
    with pytest.raises(Invalid, match='Wrong username or password'):
        users.authenticate(username='nobody', password='nope-nope')


def test_repeated_failures_are_slowed_down_then_allowed_again(make_user) -> None:
    make_user('ana')
    start = clock.now()
    with clock.frozen(start) as advance:
        for _ in range(users.MAX_FAILURES):
            with pytest.raises(Invalid):
                users.authenticate(username='ana', password='wrong-password')
            advance(timedelta(seconds=2))
        # even the right password waits while the lock lasts
        with pytest.raises(Forbidden, match=r"Too many failed sign-ins for 'ana'\. Please wait \d+ seconds"):
            users.authenticate(username='ana', password=PASSWORD)
        advance(users.LOCKOUT + users.FAILURE_WINDOW)
        assert users.authenticate(username='ana', password=PASSWORD).username == 'ana'


def test_only_admins_manage_users(make_user, admin) -> None:
    caller = make_user('ben', {'create_leads', 'manage_leads'})
    with pytest.raises(Forbidden, match='Admin permission'):
        users.create_user(actor=caller, username='eve', password='long-enough', permissions=set())
    with pytest.raises(Forbidden):
        users.set_permissions(actor=caller, user_id=caller.id, permissions={'admin'})
    with pytest.raises(Forbidden):
        users.reset_password(actor=caller, user_id=admin.id, password='new-password')
    updated = users.set_permissions(actor=admin, user_id=caller.id, permissions={'view_all_leads'})
    assert updated.permissions == {'view_all_leads'}


def test_deactivated_user_cannot_sign_in_or_act(make_user, admin) -> None:
    ana = make_user('ana', {'admin'})
    users.set_active(actor=admin, user_id=ana.id, active=False)
    with pytest.raises(Forbidden, match='deactivated'):
        users.authenticate(username='ana', password=PASSWORD)
    assert users.get_active(ana.id) is None
    with pytest.raises(AccountInactive):
        users.list_users(actor=ana)


def test_admin_cannot_lock_themselves_out(admin) -> None:
    with pytest.raises(Invalid, match='own account'):
        users.set_active(actor=admin, user_id=admin.id, active=False)
    with pytest.raises(Invalid, match='own admin'):
        users.set_permissions(actor=admin, user_id=admin.id, permissions={'create_leads'})


def test_reset_password(make_user, admin) -> None:
    ana = make_user('ana')
    with pytest.raises(Invalid, match='at least 8'):
        users.reset_password(actor=admin, user_id=ana.id, password='short')
    users.reset_password(actor=admin, user_id=ana.id, password='brand-new-secret')
    assert users.authenticate(username='ana', password='brand-new-secret').id == ana.id
