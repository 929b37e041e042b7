"""Accounts: first-run setup, sign-in with throttling, and user administration (admin only)."""

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from models import LoginFailure, User, UserCreate, UserRead, check_password
from services import access, clock, db, events
from services.errors import Conflict, Forbidden, Invalid, NotFound
from services.validation import parse

_hasher = PasswordHasher()

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=1)
LOCKOUT = timedelta(minutes=1)
# verifying against a dummy hash keeps the time of "no such user" equal to "wrong password"
_DUMMY_HASH = _hasher.hash('not-a-real-password')


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def any_users() -> bool:
    with db.session() as s:
        return s.exec(select(User.id).limit(1)).first() is not None


def create_first_admin(*, username: str, display_name: str, password: str) -> UserRead:
    """Only while no user exists (the /setup page): the first account is an admin with every permission."""
    data = parse(UserCreate, {'username': username, 'display_name': display_name, 'password': password})
    with db.session() as s:
        if s.exec(select(User.id).limit(1)).first() is not None:
            raise Forbidden('Setup is already done: an account exists. Please sign in.')
        user = _insert(s, data, frozenset({'create_leads', 'manage_leads', 'view_all_leads', 'admin'}))
        s.commit()
        result = UserRead.model_validate(user)
    events.publish(events.UsersChanged(user_ids=frozenset({result.id}), kind='created'))
    return result


def create_user(
    *, actor: UserRead | None, username: str, password: str, display_name: str = '', permissions: set[str]
) -> UserRead:
    """Add an account. `actor=None` is the command line, which runs with the operator's own authority."""
    data = parse(
        UserCreate,
        {
            'username': username,
            'display_name': display_name,
            'password': password,
            'permissions': permissions,
        },
    )
    with db.session() as s:
        if actor is not None:
            access.require(s, actor, 'admin')
        user = _insert(s, data, data.permissions)
        s.commit()
        result = UserRead.model_validate(user)
    events.publish(events.UsersChanged(user_ids=frozenset({result.id}), kind='created'))
    return result


def _insert(s: Session, data: UserCreate, permissions: frozenset[str]) -> User:
    taken = s.exec(select(User.id).where(func.lower(User.username) == data.username.lower())).first()
    if taken is not None:
        raise Conflict(f'The username {data.username!r} is already taken.')
    user = User(
        username=data.username,
        display_name=data.display_name or data.username,
        password_hash=hash_password(data.password),
        can_create_leads='create_leads' in permissions,
        can_manage_leads='manage_leads' in permissions,
        can_view_all_leads='view_all_leads' in permissions,
        is_admin='admin' in permissions,
    )
    s.add(user)
    s.flush()
    return user


def authenticate(*, username: str, password: str) -> UserRead:
    """The signed-in user, or Invalid with a message that never tells which half was wrong."""
    name = username.strip()
    if not name or not password:
        raise Invalid('Please enter your username and password.')
    now = clock.now()
    with db.session() as s:
        s.exec(delete(LoginFailure).where(col(LoginFailure.at) < now - FAILURE_WINDOW - LOCKOUT))
        recent = s.exec(
            select(LoginFailure.at)
            .where(
                LoginFailure.username == name.lower(), col(LoginFailure.at) >= now - FAILURE_WINDOW - LOCKOUT
            )
            .order_by(col(LoginFailure.at).desc())
        ).all()
        in_window = [t for t in recent if t >= now - FAILURE_WINDOW]
        if len(in_window) >= MAX_FAILURES or (len(recent) >= MAX_FAILURES and recent[0] + LOCKOUT > now):
            wait = max(1, int((recent[0] + LOCKOUT - now).total_seconds()))
            s.commit()
            raise Forbidden(
                f'Too many failed sign-ins for {name!r}. Please wait {wait} seconds and try again.'
            )
        user = s.exec(select(User).where(func.lower(User.username) == name.lower())).first()
        if not _verify(user.password_hash if user else _DUMMY_HASH, password) or user is None:
            s.add(LoginFailure(username=name.lower(), at=now))
            s.commit()
            raise Invalid('Wrong username or password.')
        if not user.active:
            raise Forbidden('This account has been deactivated. Ask an admin to reactivate it.')
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        s.exec(delete(LoginFailure).where(LoginFailure.username == name.lower()))
        s.commit()
        return UserRead.model_validate(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_active(user_id: int | None) -> UserRead | None:
    """The signed-in user for a session, or None when the account is gone or deactivated."""
    if user_id is None:
        return None
    with db.session() as s:
        user = s.get(User, user_id)
        return UserRead.model_validate(user) if user is not None and user.active else None


def list_users(*, actor: UserRead, include_inactive: bool = True) -> list[UserRead]:
    """Every user can see who is on the team (owner filters, assign lists); only admins see inactive ones."""
    with db.session() as s:
        me = access.current(s, actor)
        query = select(User).order_by(func.lower(User.display_name))
        if not (include_inactive and me.is_admin):
            query = query.where(col(User.active).is_(True))
        return [UserRead.model_validate(u) for u in s.exec(query)]


def set_permissions(*, actor: UserRead, user_id: int, permissions: set[str]) -> UserRead:
    parse(UserCreate, {'username': 'x', 'password': 'x' * 8, 'permissions': permissions})
    with db.session() as s:
        access.require(s, actor, 'admin')
        user = _get(s, user_id)
        if user.id == actor.id and 'admin' not in permissions:
            raise Invalid('You cannot remove your own admin permission.')
        user.can_create_leads = 'create_leads' in permissions
        user.can_manage_leads = 'manage_leads' in permissions
        user.can_view_all_leads = 'view_all_leads' in permissions
        user.is_admin = 'admin' in permissions
        user.updated_at = clock.now()
        s.add(user)
        s.commit()
        result = UserRead.model_validate(user)
    events.publish(events.UsersChanged(user_ids=frozenset({user_id}), kind='permissions', actor_id=actor.id))
    return result


def reset_password(*, actor: UserRead, user_id: int, password: str) -> UserRead:
    try:
        check_password(password)
    except ValueError as e:
        raise Invalid(str(e)) from None
    with db.session() as s:
        access.require(s, actor, 'admin')
        user = _get(s, user_id)
        user.password_hash = hash_password(password)
        user.updated_at = clock.now()
        s.add(user)
        s.commit()
        return UserRead.model_validate(user)


def set_active(*, actor: UserRead, user_id: int, active: bool) -> UserRead:
    with db.session() as s:
        access.require(s, actor, 'admin')
        user = _get(s, user_id)
        if user.id == actor.id and not active:
            raise Invalid('You cannot deactivate your own account.')
        user.active = active
        user.updated_at = clock.now()
        s.add(user)
        s.commit()
        result = UserRead.model_validate(user)
    events.publish(events.UsersChanged(user_ids=frozenset({user_id}), kind='active', actor_id=actor.id))
    return result


def _get(s: Session, user_id: int) -> User:
    user = s.get(User, user_id)
    if user is None:
        raise NotFound('That user does not exist.')
    return user
