"""Value mapping: status words → stage keys, source words → sources, date texts → datetimes."""

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from services.normalize import fold

# vendor vocabularies (Salesforce, HubSpot, Zoho, Pipedrive) and plain words, by system stage key
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    'NOT_CONTACTED': (
        'open not contacted',
        'not contacted',
        'new',
        'open',
        'new lead',
        'uncontacted',
        'unworked',
        'fresh',
        'not started',
        'to do',
        'todo',
        'pending',
        'lead',
        'subscriber',
        'raw',
        'cold',
        'untouched',
    ),
    'CONTACTED': (
        'working contacted',
        'contacted',
        'attempted to contact',
        'attempted',
        'in progress',
        'connected',
        'working',
        'contact in future',
        'follow up',
        'callback',
        'call back',
        'engaged',
        'replied',
        'bad timing',
        'nurturing',
        'nurture',
        'reached',
        'left voicemail',
        'voicemail',
        'warm',
    ),
    'QUALIFIED': (
        'qualified',
        'open deal',
        'pre qualified',
        'sql',
        'mql',
        'marketingqualifiedlead',
        'salesqualifiedlead',
        'sales qualified lead',
        'marketing qualified lead',
        'opportunity',
        'proposal',
        'negotiation',
        'hot',
        'interested',
        'demo scheduled',
        'meeting booked',
        'meeting scheduled',
    ),
    'CONVERTED': (
        'closed converted',
        'converted',
        'won',
        'closed won',
        'customer',
        'client',
        'deal won',
        'signed',
        'sold',
        'purchased',
        'evangelist',
    ),
    'LOST': (
        'closed not converted',
        'lost',
        'dead',
        'unqualified',
        'not qualified',
        'junk lead',
        'junk',
        'lost lead',
        'closed lost',
        'disqualified',
        'not interested',
        'do not contact',
        'bad lead',
        'spam',
        'rejected',
        'invalid',
        'bounced',
    ),
}
_SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    'Website': (
        'website',
        'web',
        'web site',
        'web form',
        'webform',
        'inbound',
        'organic search',
        'paid search',
        'direct traffic',
        'online',
        'seo',
        'web download',
        'web research',
        'online store',
        'landing page',
        'google',
        'google ads',
        'ads',
        'advertisement',
        'chat',
        'contact form',
    ),
    'Referral': (
        'referral',
        'referrals',
        'referred',
        'word of mouth',
        'partner referral',
        'employee referral',
        'external referral',
        'partner',
        'recommendation',
        'friend',
    ),
    'LinkedIn': (
        'linkedin',
        'linked in',
        'linkedin sales navigator',
        'sales navigator',
        'social media',
        'paid social',
        'social',
    ),
    'Cold Call': (
        'cold call',
        'cold calling',
        'outbound call',
        'phone',
        'phone inquiry',
        'call',
        'telemarketing',
        'outbound',
    ),
    'Email': (
        'email',
        'e mail',
        'email marketing',
        'newsletter',
        'mailchimp',
        'sales email alias',
        'email campaign',
        'mailing',
    ),
    'Event': (
        'event',
        'trade show',
        'tradeshow',
        'conference',
        'seminar',
        'webinar',
        'expo',
        'seminar partner',
        'internal seminar',
        'meetup',
        'fair',
        'offline',
    ),
    'Other': ('other', 'unknown', 'misc', 'other campaigns', 'purchased list', 'public relations', 'none'),
}


def value_key(value: str) -> str:
    return ' '.join(re.sub(r'[^a-z0-9]+', ' ', fold(value)).split())


def _suggest(value: str, targets: dict[str, str], vocabulary: dict[str, str]) -> str | None:
    """targets: normalized name → target id; vocabulary: normalized word → target id."""
    key = value_key(value)
    if not key:
        return None
    if key in targets:
        return targets[key]
    if key in vocabulary:
        return vocabulary[key]
    choices = {**vocabulary, **targets}
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=85)
    return choices[best[0]] if best else None


def suggest_status_map(values: list[str], stages: list[tuple[str, str]]) -> dict[str, str | None]:
    """Each distinct status text → a stage key, or None (New with a warning). stages: (key, name) pairs."""
    keys = {key for key, _ in stages}
    targets = {value_key(name): key for key, name in stages} | {value_key(key): key for key, _ in stages}
    vocabulary = {w: k for k, words in _STATUS_WORDS.items() if k in keys for w in words}
    return {v: _suggest(v, targets, vocabulary) for v in values}


def suggest_source_map(values: list[str], sources: list[str]) -> dict[str, str | None]:
    """Each distinct source text → one of the configured sources, or None (Other with a warning)."""
    targets = {value_key(s): s for s in sources}
    vocabulary = {}
    for canonical, words in _SOURCE_WORDS.items():
        target = targets.get(value_key(canonical))
        if target:
            vocabulary.update({w: target for w in words})
    return {v: _suggest(v, targets, vocabulary) for v in values}


_DATE_FORMATS = (
    '%Y-%m-%d',
    '%Y-%m-%d %H:%M',
    '%Y-%m-%d %H:%M:%S',
    '%Y-%m-%dT%H:%M',
    '%Y-%m-%dT%H:%M:%S',
    '%Y-%m-%dT%H:%M:%SZ',
    '%Y-%m-%dT%H:%M:%S.%f',
    '%Y-%m-%d %H:%M:%S.%f',
    '%Y/%m/%d',
    '%Y/%m/%d %H:%M',
    '%m/%d/%Y',
    '%m/%d/%Y %H:%M',
    '%m/%d/%Y %I:%M %p',
    '%m/%d/%Y %H:%M:%S',
    '%m/%d/%y',
    '%d/%m/%Y',
    '%d/%m/%Y %H:%M',
    '%d/%m/%y',
    '%d.%m.%Y',
    '%d.%m.%Y %H:%M',
    '%d.%m.%y',
    '%d-%m-%Y',
    '%b %d, %Y',
    '%d %b %Y',
    '%B %d, %Y',
    '%d %B %Y',
)
_EXCEL_EPOCH = pd.Timestamp('1899-12-30')


def parse_dates(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Datetimes for a column of date texts with the format inferred for the whole column.

    Returns (datetime64 series with NaT where empty or unparseable, mask of non-empty unparseable cells).
    The format that reads the most distinct values wins; MM/DD beats DD/MM on a tie (US files are the
    common case), and any day above 12 in the first position tips it to DD/MM by itself.
    """
    text = values.str.strip()
    distinct = pd.Series(text[text.ne('')].unique(), dtype=str)
    if distinct.empty:
        return pd.Series(pd.NaT, index=values.index, dtype='datetime64[us]'), np.zeros(len(values), bool)
    best: pd.Series | None = None
    best_count, best_format = -1, ''
    for fmt in _DATE_FORMATS:
        parsed = pd.to_datetime(distinct, format=fmt, errors='coerce')
        count = int(parsed.notna().sum())
        if count > best_count:
            best, best_count, best_format = parsed, count, fmt
        if count == len(distinct):
            break
    assert best is not None
    # the same date order with and without a time of day ('1/5/2024', '12/31/2024 14:30') first, then
    # any other format for cells the column's own format can't read (a column mixing ISO and US dates)
    family = [f for f in _DATE_FORMATS if f != best_format and f[:8] == best_format[:8]]
    others = [f for f in _DATE_FORMATS if f != best_format and f[:8] != best_format[:8]]
    for fmt in family + others:
        if best_count == len(distinct):
            break
        best = best.fillna(pd.to_datetime(distinct.where(best.isna()), format=fmt, errors='coerce'))
        best_count = int(best.notna().sum())
    serial = pd.to_numeric(distinct, errors='coerce')
    excel = serial.where((serial > 20000) & (serial < 80000))
    if int(excel.notna().sum()) > best_count:
        best = _EXCEL_EPOCH + pd.to_timedelta(excel, unit='D')
    if best_count < len(distinct):
        # a column mixing ISO and one local format: read what the winner missed with the ISO parser
        fallback = pd.to_datetime(distinct.where(best.isna()), format='ISO8601', errors='coerce')
        best = best.fillna(fallback)
    lookup = dict(zip(distinct, best.dt.tz_localize(None) if best.dt.tz else best, strict=True))
    mapped = text.map(lookup)
    result = pd.to_datetime(mapped, errors='coerce').astype('datetime64[us]')
    bad = (text.ne('') & result.isna()).to_numpy()
    return result, bad
