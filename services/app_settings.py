"""Team-wide settings (Settings → General), stored as JSON values in the appsetting table."""

from typing import Any

from sqlmodel import Session, select

from models import AppSetting, UserRead, utcnow
from services import access, db, events

DEFAULTS: dict[str, Any] = {
    'claim_window_hours': 24,
    'default_region': 'US',
    'phone_region': 'US',
    'regions': ['US', 'CA'],
    'lead_sources': ['Website', 'Referral', 'LinkedIn', 'Cold Call', 'Email', 'Event', 'Other'],
    'product_types': ['Home', 'Auto', 'Life', 'Health', 'Business'],
}


def get_all() -> dict[str, Any]:
    with db.session() as s:
        return _read_all(s)


def get(key: str) -> Any:
    with db.session() as s:
        return read(s, key)


def read(s: Session, key: str) -> Any:
    row = s.get(AppSetting, key)
    return row.value if row is not None else DEFAULTS[key]


def _read_all(s: Session) -> dict[str, Any]:
    values = dict(DEFAULTS)
    for row in s.exec(select(AppSetting)):
        values[row.key] = row.value
    return values


def update(*, actor: UserRead, values: dict[str, Any]) -> dict[str, Any]:
    """Store already-validated values (validation of each key lives with the settings page's service)."""
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise KeyError(f'unknown settings: {sorted(unknown)}')
    with db.session() as s:
        access.require(s, actor, 'admin')
        write(s, values)
        s.commit()
        result = _read_all(s)
    events.publish(events.SettingsChanged(keys=frozenset(values), actor_id=actor.id))
    return result


def write(s: Session, values: dict[str, Any]) -> None:
    for key, value in values.items():
        row = s.get(AppSetting, key)
        if row is None:
            s.add(AppSetting(key=key, value=value))
        else:
            row.value = value
            row.updated_at = utcnow()
            s.add(row)
