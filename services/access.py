"""Permission checks. The actor is re-read inside the caller's transaction so that a deactivated user or a
revoked permission takes effect at the very next action, not at the next sign-in."""

from sqlmodel import Session

from models import User, UserRead
from services.errors import AccountInactive, Forbidden

_LABELS = {
    'create_leads': 'Create Leads',
    'manage_leads': 'Manage Leads',
    'view_all_leads': 'View All Leads',
    'admin': 'Admin',
}


def current(s: Session, actor: UserRead) -> User:
    user = s.get(User, actor.id)
    if user is None or not user.active:
        raise AccountInactive('Your account is no longer active. Please sign in again.')
    return user


def has(user: User | UserRead, permission: str) -> bool:
    return {
        'create_leads': user.can_create_leads,
        'manage_leads': user.can_manage_leads,
        'view_all_leads': user.can_view_all_leads,
        'admin': user.is_admin,
    }[permission]


def require(s: Session, actor: UserRead, permission: str) -> User:
    user = current(s, actor)
    if not has(user, permission):
        raise Forbidden(f'You need the {_LABELS[permission]} permission to do this.')
    return user
