"""Column → field suggestions: vendor synonyms first, then fuzzy matching of the header text."""

import hashlib
import re

from rapidfuzz import fuzz, process

from services.importer.synonyms import SYNONYMS as _SYNONYMS
from services.normalize import fold

# the order is the order fields are offered in the mapping table
FIELDS: dict[str, str] = {
    'name': 'Full name',
    'first_name': 'First name',
    'middle_name': 'Middle name',
    'last_name': 'Last name',
    'email': 'Email',
    'phone': 'Phone',
    'company': 'Company',
    'job_title': 'Job title',
    'city': 'City',
    'state': 'State / province',
    'country': 'Country',
    'region': 'Region',
    'source': 'Source',
    'status': 'Status (stage)',
    'product_type': 'Product type',
    'notes': 'Notes',
    'tags': 'Tags',
    'next_call_at': 'Next call',
}
# fields that several columns may feed: the first non-empty value wins, the rest become secondary values
MULTI_FIELDS = frozenset({'email', 'phone', 'notes', 'tags'})

_LOOKUP = {syn: fld for fld, syns in _SYNONYMS.items() for syn in syns}
_CHOICES = list(_LOOKUP)
# a vendor's side columns that describe another column ("E-mail 1 - Label": "* Work") are not data fields
_IGNORED = re.compile(
    r'\b(label|type|kind)$|^(name prefix|name suffix|salutation|nickname|url|website|lead title|deal title)$'
)
_VENDOR_PREFIX = re.compile(r'^(person|lead|contact|organization|org|deal) (?=\w)')


def header_key(header: str) -> str:
    """Header text folded to lower-case words: 'E-mail 1 - Value' → 'e mail 1 value'."""
    return ' '.join(re.sub(r'[^a-z0-9]+', ' ', fold(header)).split())


def header_signature(headers: list[str]) -> str:
    return hashlib.sha256('\x1f'.join(header_key(h) for h in headers).encode()).hexdigest()[:64]


def suggest_field(header: str) -> str | None:
    key = header_key(header)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    if _IGNORED.search(key):
        return None
    bare = _VENDOR_PREFIX.sub('', key)
    if bare in _LOOKUP:
        return _LOOKUP[bare]
    # numbered repeats ("Email 3", "Phone (2)", "Mobile Phone 2") belong to the base field
    unnumbered = re.sub(r'\s*\d+$', '', bare)
    if unnumbered in _LOOKUP and _LOOKUP[unnumbered] in MULTI_FIELDS:
        return _LOOKUP[unnumbered]
    best = process.extractOne(bare, _CHOICES, scorer=fuzz.token_sort_ratio, score_cutoff=80)
    return _LOOKUP[best[0]] if best else None


def suggest_mapping(
    headers: list[str], remembered: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    """A field (or None) for every header; single-value fields go to their first candidate column only."""
    if remembered and set(remembered) == set(headers):
        return {h: remembered[h] if remembered[h] in FIELDS else None for h in headers}
    suggested = {h: suggest_field(h) for h in headers}
    # a single-value field goes to its most specific header: Outlook's "Job Title" beats its "Title"
    # (a salutation there); among equals, the leftmost column wins
    claim_order = sorted(headers, key=lambda h: (-len(header_key(h).split()), headers.index(h)))
    owner: dict[str, str] = {}
    for header in claim_order:
        field = suggested[header]
        if field and field not in MULTI_FIELDS and field not in ('city', 'state', 'country'):
            owner.setdefault(field, header)
    return {
        h: f if not f or f in MULTI_FIELDS or f in ('city', 'state', 'country') or owner.get(f) == h else None
        for h, f in suggested.items()
    }


def check_mapping(mapping: dict[str, str | None], headers: list[str]) -> list[str]:
    """Plain-words problems that block an import with this mapping (empty when it can go ahead)."""
    problems = []
    unknown = [h for h in mapping if h not in headers]
    if unknown:
        problems.append(f'The mapping names columns the file does not have: {", ".join(unknown)}.')
    fields = {f for f in mapping.values() if f}
    bad = fields - set(FIELDS)
    if bad:
        problems.append(f'Unknown fields in the mapping: {", ".join(sorted(bad))}.')
    if not fields & {'name', 'first_name', 'last_name'}:
        problems.append('Map a column to the name (or to first and last name): every contact needs one.')
    if not fields & {'email', 'phone'}:
        problems.append('Map a column to email or phone: every contact needs one way to be reached.')
    return problems
