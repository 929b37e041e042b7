"""Names and colors of the labels admins define (stages and tags): one accepted color form (#rrggbb),
a palette for new ones, and the name rules both share."""

import re

from models.text import clean
from services.errors import Invalid

_HEX6 = re.compile(r'^#[0-9a-fA-F]{6}$')
_HEX3 = re.compile(r'^#[0-9a-fA-F]{3}$')

# distinct on white and readable with white text; new stages and tags take the next unused one
PALETTE = (
    '#3b82f6',
    '#8b5cf6',
    '#f59e0b',
    '#10b981',
    '#ef4444',
    '#ec4899',
    '#14b8a6',
    '#f97316',
    '#6366f1',
    '#84cc16',
    '#0ea5e9',
    '#a855f7',
)


def parse_color(value: str | None) -> str:
    """'#3B82F6' or '#38f' -> '#3b82f6'; anything else is refused with a message that shows the form."""
    text = (value or '').strip()
    if _HEX3.match(text):
        text = '#' + ''.join(ch * 2 for ch in text[1:])
    if not _HEX6.match(text):
        shown = f' {text!r}' if text else ''
        raise Invalid(f'The color{shown} is not a color code — pick one, or type it like #3b82f6.')
    return text.lower()


def next_color(used: list[str]) -> str:
    taken = {c.lower() for c in used}
    for color in PALETTE:
        if color not in taken:
            return color
    return PALETTE[len(used) % len(PALETTE)]


def clean_name(value: str | None, *, what: str, limit: int) -> str:
    """Trimmed, invisible characters removed, inner runs of spaces collapsed; empty or too long is refused."""
    text = ' '.join(clean(value).split())
    if not text:
        raise Invalid(f'Please enter a {what} name.')
    if len(text) > limit:
        raise Invalid(f'A {what} name can have at most {limit} characters ({len(text)} given).')
    return text
