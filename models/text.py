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
