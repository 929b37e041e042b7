"""Text rules shared by the validating shapes (models import nothing of ours outside this package)."""

import re

# zero-width and other format characters count as nothing: a name of only these is empty
INVISIBLE = re.compile(r'[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]')
EMAIL_PATTERN = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r'(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$'
)


def clean(value: object) -> str:
    """Trimmed text with invisible characters removed; otherwise exactly as given."""
    if value is None:
        return ''
    return INVISIBLE.sub('', str(value)).strip()


# One wording for every form that takes a person's name, email and phone (lead create, lead edit, import).
def required_name(value: str) -> str:
    if not value:
        raise ValueError('Please enter a name.')
    return value


def valid_email(value: str) -> str:
    if value and not EMAIL_PATTERN.match(value):
        raise ValueError(f'{value!r} is not a valid email address.')
    return value


def valid_phone(value: str) -> str:
    digits = sum(ch.isdigit() for ch in value)
    if value and not 7 <= digits <= 15:
        raise ValueError(f'{value!r} is not a valid phone number (it needs 7 to 15 digits).')
    return value


def require_reachable(email: str, phone: str) -> None:
    if not email and not phone:
        raise ValueError('Please enter a phone number or an email address (at least one).')
