"""Normal forms stored beside raw values: they drive duplicate checks, search and validation."""

import re
import unicodedata

import phonenumbers
from unidecode import unidecode

from models.text import EMAIL_PATTERN, clean

_NON_DIGIT = re.compile(r'\D')
_SPACES = re.compile(r'\s+')


def clean_text(value: str | None) -> str:
    """Trimmed text with invisible characters removed; the text itself is otherwise kept as given."""
    return clean(value)


def fold(value: str | None) -> str:
    """Accent- and case-insensitive form for search: 'José Müller' -> 'jose muller'."""
    text = clean_text(value)
    if not text:
        return ''
    return _SPACES.sub(' ', unidecode(unicodedata.normalize('NFKC', text)).lower()).strip()


def normalize_email(value: str | None) -> str | None:
    text = clean_text(value).lower()
    return text or None


def is_valid_email(value: str | None) -> bool:
    text = clean_text(value)
    return bool(text) and len(text) <= 254 and bool(EMAIL_PATTERN.match(text))


def phone_digits(value: str | None) -> str:
    return _NON_DIGIT.sub('', clean_text(value))


def is_valid_phone(value: str | None) -> bool:
    return 7 <= len(phone_digits(value)) <= 15


def normalize_phone(value: str | None, region: str = 'US') -> str | None:
    """E.164 form, or a '+digits' fallback for numbers phonenumbers can't place, or None if empty/invalid."""
    text = clean_text(value)
    digits = phone_digits(text)
    if not (7 <= len(digits) <= 15):
        return None
    try:
        parsed = phonenumbers.parse(text, region or 'US')
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return '+' + digits if text.startswith('+') else digits


def format_phone(e164: str | None) -> str:
    """A readable international form of an E.164 number ('+1 555-010-2030')."""
    if not e164:
        return ''
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def split_name(name: str) -> tuple[str, str]:
    """First and last name of a full name; 'Last, First' order is understood."""
    text = clean_text(name)
    if ',' in text:
        last, _, first = text.partition(',')
        return first.strip(), last.strip()
    parts = text.split()
    if len(parts) <= 1:
        return text, ''
    return ' '.join(parts[:-1]), parts[-1]


def join_name(first: str, last: str) -> str:
    return ' '.join(p for p in (clean_text(first), clean_text(last)) if p)
