"""Column → field suggestions: vendor synonyms first, then fuzzy matching of the header text."""

import hashlib
import re

from rapidfuzz import fuzz, process

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

# normalized header text (fold + punctuation to spaces) → field, from the exports of Google Contacts,
# Outlook, HubSpot, Salesforce, Pipedrive, LinkedIn and Zoho, plus the plain words people type
_SYNONYMS: dict[str, tuple[str, ...]] = {
    'name': (
        'name',
        'full name',
        'fullname',
        'contact name',
        'contact',
        'person name',
        'person',
        'lead name',
        'display name',
        'customer name',
        'person full name',
        'client name',
        'nombre',
        'nom',
    ),
    'first_name': (
        'first name',
        'firstname',
        'first',
        'given name',
        'forename',
        'person first name',
        'fname',
    ),
    'middle_name': ('middle name', 'middlename', 'additional name', 'middle'),
    'last_name': (
        'last name',
        'lastname',
        'last',
        'surname',
        'family name',
        'person last name',
        'lname',
    ),
    'email': (
        'email',
        'e mail',
        'email address',
        'e mail address',
        'e mail 1 value',
        'e mail 2 value',
        'e mail 3 value',
        'e mail 2 address',
        'e mail 3 address',
        'email 1',
        'email 2',
        'work email',
        'personal email',
        'mail',
        'person email',
        'person email work',
        'person email home',
        'person email other',
        'email work',
        'email home',
        'email other',
        'primary email',
        'secondary email',
        'business email',
        'emails',
    ),
    'phone': (
        'phone',
        'phone number',
        'telephone',
        'tel',
        'mobile',
        'mobile phone',
        'mobile phone number',
        'cell',
        'cell phone',
        'business phone',
        'business phone 2',
        'home phone',
        'home phone 2',
        'other phone',
        'primary phone',
        'company main phone',
        'phone 1 value',
        'phone 2 value',
        'phone 3 value',
        'person phone',
        'person phone work',
        'person phone mobile',
        'person phone home',
        'phone work',
        'phone mobile',
        'phone home',
        'phone other',
        'work phone',
        'direct phone',
        'phones',
        'whatsapp',
        'telefon',
        'telefono',
        'phone no',
    ),
    'company': (
        'company',
        'company name',
        'organization',
        'organisation',
        'organization name',
        'organization 1 name',
        'account',
        'account name',
        'employer',
        'business',
        'firm',
        'organization name 1',
        'associated company',
        'company organization',
        'firma',
        'empresa',
        'societe',
    ),
    'job_title': (
        'job title',
        'title',
        'position',
        'designation',
        'role',
        'organization title',
        'organization 1 title',
        'job',
        'occupation',
        'person job title',
    ),
    'city': (
        'city',
        'town',
        'business city',
        'home city',
        'other city',
        'address 1 city',
        'mailing city',
        'person city',
        'locality',
    ),
    'state': (
        'state',
        'province',
        'state province',
        'state region',
        'business state',
        'home state',
        'other state',
        'address 1 region',
        'mailing state province',
        'state or province',
        'county',
    ),
    'country': (
        'country',
        'country region',
        'business country region',
        'home country region',
        'address 1 country',
        'mailing country',
        'nation',
        'country code',
    ),
    'region': ('region', 'sales region', 'territory', 'market', 'area'),
    'source': (
        'source',
        'lead source',
        'original source',
        'contact source',
        'lead lead source',
        'channel',
        'origin',
        'how did you hear about us',
        'referral source',
        'original source drill down 1',
    ),
    'status': (
        'status',
        'lead status',
        'stage',
        'lead stage',
        'pipeline stage',
        'deal stage',
        'lifecycle stage',
        'hs lead status',
        'lead lead status',
        'state of lead',
        'statut',
        'estado',
    ),
    'product_type': (
        'product type',
        'product',
        'product interest',
        'interest',
        'service',
        'plan',
        'products',
    ),
    'notes': (
        'notes',
        'note',
        'description',
        'comments',
        'comment',
        'remarks',
        'lead description',
        'about',
        'message',
        'details',
        'kommentar',
        'notizen',
    ),
    'tags': (
        'tags',
        'tag',
        'labels',
        'label',
        'categories',
        'category',
        'group membership',
        'lead labels',
        'person labels',
        'segments',
        'groups',
        'lists',
    ),
    'next_call_at': (
        'next call',
        'next call at',
        'next call date',
        'call back',
        'callback',
        'follow up',
        'follow up date',
        'next follow up',
        'next activity date',
        'next step date',
        'call date',
        'next contact',
    ),
}
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
    mapping: dict[str, str | None] = {}
    taken: set[str] = set()
    for header in headers:
        field = suggest_field(header)
        if (
            field
            and field not in MULTI_FIELDS
            and field in taken
            and field not in ('city', 'state', 'country')
        ):
            field = None
        mapping[header] = field
        if field:
            taken.add(field)
    return mapping


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
