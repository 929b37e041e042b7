"""Mapped columns → normalized, validated contact rows (vectorized), with reasons and warnings."""

import json
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from services.importer.parse import ParsedFile
from services.importer.phones import normalize_phones, phone_digits
from services.importer.values import parse_dates
from services.normalize import split_name

TEXT_FIELDS = ('company', 'job_title', 'city', 'state', 'country', 'region', 'product_type')
REASONS = (
    'column_count_mismatch',
    'missing_name',
    'missing_contact_method',
    'invalid_email',
    'invalid_phone',
)
# the address rule of services.normalize.is_valid_email, as one pattern pandas applies column-wide
_EMAIL = (
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r'(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$'
)
_INVISIBLE = r'[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]'
_MULTI_VALUE = ' ::: '
_TAG_SPLIT = re.compile(r'\s*(?:,|;| ::: )\s*')


@dataclass
class PreparedRows:
    data: pd.DataFrame  # every record, normalized; 'row' is 1-based, 'line' the physical line
    valid: np.ndarray  # records that pass the row rules
    reasons: dict[int, list[str]]  # record position → rejection reasons
    warnings: list[dict] = field(default_factory=list)  # {'row', 'field', 'message'} of valid records

    @property
    def accepted(self) -> pd.DataFrame:
        # all valid (the common case at a million rows): the frame itself, not a copy of it
        return self.data if self.valid.all() else self.data[self.valid]


@dataclass(frozen=True)
class ValueMaps:
    status: dict[str, str | None]  # file text → stage key (None: unknown)
    source: dict[str, str | None]  # file text → configured source (None: unknown)
    default_stage: str = 'NOT_CONTACTED'
    default_stage_name: str = 'New'
    other_source: str = 'Other'


def _clean(series: pd.Series) -> pd.Series:
    # invisible characters are never ASCII: the regex runs only on cells that are not
    stripped = series.str.strip()
    other = (~stripped.str.isascii()).to_numpy(dtype=bool)
    if not other.any():
        return stripped
    out = stripped.copy()
    out[other] = stripped[other].str.replace(_INVISIBLE, '', regex=True).str.strip()
    return out


def _columns_for(parsed: ParsedFile, mapping: dict[str, str | None], target: str) -> list[pd.Series]:
    return [parsed.frame[i] for i, h in enumerate(parsed.headers) if mapping.get(h) == target]


def _first_value(cells: pd.Series) -> pd.Series:
    """The first of several values in a cell (Google's 'a@x.com ::: b@x.com'), split only where needed."""
    several = cells.str.contains(_MULTI_VALUE, regex=False).to_numpy()
    if not several.any():
        return cells
    out = cells.copy()
    out[several] = cells[several].str.split(_MULTI_VALUE, n=1, regex=False).str[0].str.strip()
    return out


def _first_of_many(cols: list[pd.Series], n: int, *, clean: bool) -> tuple[pd.Series, pd.Series | None]:
    """The first non-empty value across columns (and within ' ::: ' cells), plus the rest as JSON lists."""
    if not cols:
        return pd.Series([''] * n, dtype=str), None
    cleaned = [(_clean(c) if clean else c.str.strip()) for c in cols]
    primary = _first_value(cleaned[0])
    many = cleaned[0].str.contains(_MULTI_VALUE, regex=False).to_numpy().copy()
    for other in cleaned[1:]:
        primary = primary.where(primary.ne(''), _first_value(other))
        many |= other.ne('').to_numpy()
    if not many.any():
        return primary, None
    rest = pd.Series('[]', index=primary.index, dtype=str)
    stacked = list(zip(*(c[many].tolist() for c in cleaned), strict=True))
    lists = []
    for first, cells in zip(primary[many].tolist(), stacked, strict=True):
        values = [v.strip() for cell in cells for v in cell.split(_MULTI_VALUE) if v.strip()]
        seen, extra = {first.lower()}, []
        for v in values:
            if v.lower() not in seen:
                seen.add(v.lower())
                extra.append(v)
        lists.append(json.dumps(extra, ensure_ascii=False))
    rest[many] = lists
    return primary, rest


def _split_tags(cols: list[pd.Series], n: int) -> pd.Series:
    if not cols:
        return pd.Series([()] * n, dtype=object)
    joined = cols[0].str.strip()
    for other in cols[1:]:
        joined = joined.str.cat(other.str.strip(), sep=';')
    # tag cells repeat ('vip', 'hot; newsletter'): split each distinct cell once
    codes, cells = pd.factorize(joined, use_na_sentinel=False)
    split = np.empty(len(cells), dtype=object)
    for i, cell in enumerate(cells.tolist()):
        seen, kept = set(), []
        for tag in _TAG_SPLIT.split(cell):
            tag = tag.strip()
            # Google's system labels ('* myContacts', '* starred') are not the user's tags
            if tag and not tag.startswith('* ') and tag.lower() not in seen:
                seen.add(tag.lower())
                kept.append(tag[:64])
        split[i] = tuple(kept)
    return pd.Series(split[codes], dtype=object)


def prepare_rows(
    parsed: ParsedFile, mapping: dict[str, str | None], values: ValueMaps, *, phone_region: str
) -> PreparedRows:
    n = parsed.rows
    single = {}
    for target in (
        'name',
        'first_name',
        'middle_name',
        'last_name',
        'source',
        'status',
        'next_call_at',
        *TEXT_FIELDS,
    ):
        cols = _columns_for(parsed, mapping, target)
        single[target] = _first_of_many(cols, n, clean=target in ('name', 'first_name', 'last_name'))[0]
    email, secondary_emails = _first_of_many(_columns_for(parsed, mapping, 'email'), n, clean=True)
    phone, secondary_phones = _first_of_many(_columns_for(parsed, mapping, 'phone'), n, clean=True)
    digits = phone_digits(phone)
    note_cols = [c.str.strip() for c in _columns_for(parsed, mapping, 'notes')]
    notes = note_cols[0] if note_cols else pd.Series([''] * n, dtype=str)
    for other in note_cols[1:]:
        notes = notes.str.cat(other, sep='\n\n').str.strip()

    first, middle, last = single['first_name'], single['middle_name'], single['last_name']
    joined = first.str.cat([middle, last], sep=' ').str.replace(r'\s+', ' ', regex=True).str.strip()
    name = single['name'].where(single['name'].ne(''), joined)
    # first/last from the full name where the file gave none: 'Ana María López' → 'Ana María', 'López'
    needs_split = (first.eq('') & last.eq('') & name.ne('')).to_numpy()
    if needs_split.any():
        parts = [split_name(v) for v in name[needs_split].tolist()]
        first = first.copy()
        last = last.copy()
        first[needs_split] = [p[0] for p in parts]
        last[needs_split] = [p[1] for p in parts]

    data = pd.DataFrame(
        {
            'row': np.arange(1, n + 1),
            'line': parsed.lines,
            'name': name,
            'first_name': first,
            'last_name': last,
            'email': email,
            'email_norm': email.str.lower(),
            'phone': phone,
            'phone_e164': normalize_phones(phone, phone_region, digits),
            'secondary_emails': secondary_emails if secondary_emails is not None else '[]',
            'secondary_phones': secondary_phones if secondary_phones is not None else '[]',
            'notes': notes,
            'tags': _split_tags(_columns_for(parsed, mapping, 'tags'), n),
            **{f: single[f] for f in TEXT_FIELDS},
        }
    )
    reasons = _row_rules(parsed, data, secondary_emails, secondary_phones, digits)
    valid = np.ones(n, dtype=bool)
    valid[list(reasons)] = False
    warnings: list[dict] = []
    data['stage_key'], data['source'] = _map_values(
        single['status'], single['source'], values, data, valid, warnings
    )
    when, bad = parse_dates(single['next_call_at'])
    data['next_call_at'] = when
    for pos in np.flatnonzero(bad & valid):
        warnings.append(
            {
                'row': int(pos) + 1,
                'field': 'next_call_at',
                'message': f'Unreadable date "{single["next_call_at"].iat[pos]}": left empty.',
            }
        )
    warnings.sort(key=lambda w: w['row'])
    return PreparedRows(data=data, valid=valid, reasons=reasons, warnings=warnings)


def _row_rules(
    parsed: ParsedFile,
    data: pd.DataFrame,
    emails2: pd.Series | None,
    phones2: pd.Series | None,
    digits: pd.Series,
) -> dict[int, list[str]]:
    checks = {
        'column_count_mismatch': parsed.shifted,
        'missing_name': data['name'].eq('').to_numpy(),
        'missing_contact_method': (data['email'].eq('') & data['phone'].eq('')).to_numpy(),
        'invalid_email': (data['email'].ne('') & ~data['email'].str.match(_EMAIL)).to_numpy()
        | (data['email'].str.len() > 254).to_numpy(),
        'invalid_phone': _bad_phone(data['phone'], digits),
    }
    checks = {k: np.array(v, dtype=bool) for k, v in checks.items()}  # writable copies
    # a bad value in a second email/phone column is not dropped silently either
    if emails2 is not None:
        checks['invalid_email'] |= _bad_in_lists(emails2, lambda s: ~s.str.match(_EMAIL))
    if phones2 is not None:
        checks['invalid_phone'] |= _bad_in_lists(phones2, lambda s: pd.Series(_bad_phone(s), index=s.index))
    reasons: dict[int, list[str]] = {}
    for reason in REASONS:
        for pos in np.flatnonzero(checks[reason]):
            reasons.setdefault(int(pos), []).append(reason)
    return dict(sorted(reasons.items()))


def _bad_phone(phone: pd.Series, digits: pd.Series | None = None) -> np.ndarray:
    digits = phone.str.count(r'\d') if digits is None else digits.str.len()
    return (phone.ne('') & ((digits < 7) | (digits > 15))).to_numpy()


def _bad_in_lists(lists: pd.Series, is_bad) -> np.ndarray:
    out = np.zeros(len(lists), dtype=bool)
    has = lists.ne('[]').to_numpy()
    for pos, text in zip(np.flatnonzero(has), lists[has].tolist(), strict=True):
        values = pd.Series(json.loads(text), dtype=str)
        out[pos] = bool(is_bad(values).any()) if len(values) else False
    return out


def _map_values(
    status: pd.Series,
    source: pd.Series,
    maps: ValueMaps,
    data: pd.DataFrame,
    valid: np.ndarray,
    warnings: list[dict],
) -> tuple[pd.Series, pd.Series]:
    stage = _lookup(status, maps.status, maps.default_stage)
    unknown = (stage.isna() & valid).to_numpy()
    for pos in np.flatnonzero(unknown):
        warnings.append(
            {
                'row': int(pos) + 1,
                'field': 'status',
                'message': f'Unknown status "{status.iat[pos]}": imported as {maps.default_stage_name}.',
            }
        )
    stage = stage.fillna(maps.default_stage)
    mapped = _lookup(source, maps.source, '')
    unknown = (mapped.isna() & valid).to_numpy()
    for pos in np.flatnonzero(unknown):
        warnings.append(
            {
                'row': int(pos) + 1,
                'field': 'source',
                'message': f'Unknown source "{source.iat[pos]}": imported as {maps.other_source}.',
            }
        )
    return stage.astype(str), mapped.fillna(maps.other_source).astype(str)


def _lookup(values: pd.Series, table: dict[str, str | None], empty: str) -> pd.Series:
    """table[v] per cell ('' → `empty`, unknown → None), looked up once per distinct value."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    mapped = np.array([table.get(v) if v else empty for v in distinct.tolist()] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)
