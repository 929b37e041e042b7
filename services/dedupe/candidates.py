"""Candidate pairs: exact keys (email, phone) and blocked fuzzy name matching.

A similar name alone is weak evidence, so blocks are built on the evidence that must corroborate it: the
same company (legal suffix ignored), the same work email domain, half of the phone digits (one mistyped
digit leaves the other half intact), the start or the end of the email address (a typo leaves one of them).
Blocks are split by name initials. Within a block, family names are compared — straight and crossed with the given name, so 'Smith John' meets
'John Smith' — and only close ones become candidates. Blocks are small, so the scan is far from N x N:
small blocks become a pair table compared with one `cpdist`, large ones get one `cdist` each.
"""

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from services.dedupe.features import Features

# a phone or email shared by this many contacts is a switchboard or a team inbox, not one person
MAX_EXACT_GROUP = 12
CDIST_BLOCK = 64
FAMILY_CUTOFF = 0.8  # loose on purpose: scoring is strict, this only keeps blocks cheap


def pairs_sharing(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of rows with the same non-empty value."""
    frame = pd.DataFrame({'key': values, 'row': np.arange(len(values))})
    frame = frame[frame['key'] != '']
    sizes = frame.groupby('key', sort=False)['row'].transform('size')
    frame = frame[(sizes > 1) & (sizes <= MAX_EXACT_GROUP)]
    joined = frame.merge(frame, on='key')
    joined = joined[joined['row_x'] < joined['row_y']]
    return joined['row_x'].to_numpy(), joined['row_y'].to_numpy()


def _codes(values: pd.Series, valid: np.ndarray) -> np.ndarray:
    """Integer block ids for the valid rows (-1 elsewhere): integers group far faster than strings."""
    codes, _ = pd.factorize(values.where(valid))
    return codes.astype(np.int64)


def _initial_codes(names: np.ndarray) -> np.ndarray:
    """The first letter's code point (names are folded to a-z), 0 for none: one code space for both parts."""
    padded = np.char.ljust(names.astype('U1'), 1)
    return np.frombuffer(padded.astype('U1').tobytes(), dtype=np.uint32).astype(np.int64) & 0xFF


def _block_entries(f: Features) -> pd.DataFrame:
    """(block id, row) for every contact in every block it belongs to; only blocks with two or more."""
    company, domain, phone = pd.Series(f.company), pd.Series(f.work_domain), pd.Series(f.phone)
    email_domain, local = pd.Series(f.email_domain), pd.Series(f.email_local)
    has_phone = (phone.str.len() >= 7).to_numpy()
    has_local = ((local.str.len() >= 3) & (email_domain != '')).to_numpy()
    kinds = [
        _codes(company, (company != '').to_numpy()),
        _codes(domain, (domain != '').to_numpy()),
        _codes(phone.str[:5], has_phone),
        _codes(phone.str[5:], has_phone),
        _codes(email_domain + '|' + local.str[:3], has_local),
        _codes(email_domain + '|' + local.str[-3:], has_local),
    ]
    # sub-blocks by the initials of both name parts: a swapped copy shares both, a copy with one initial
    # mistyped or a nickname ('Bob' / 'Robert') still shares the other
    family = np.where(f.family != '', f.family, f.given).astype(str)
    initial_codes = [_initial_codes(family), _initial_codes(f.given.astype(str))]
    rows = np.arange(len(f), dtype=np.int64)
    keys, members = [], []
    for kind, codes in enumerate(kinds):
        valid = codes >= 0
        for initial in initial_codes:
            keys.append(((codes[valid] * 8 + kind) << 8) + initial[valid])
            members.append(rows[valid])
    frame = pd.DataFrame({'key': np.concatenate(keys), 'row': np.concatenate(members)}).drop_duplicates()
    sizes = frame.groupby('key', sort=False)['row'].transform('size')
    return frame.assign(size=sizes)[sizes > 1]


def _close_names(fam_a, fam_b, given_a, given_b) -> np.ndarray:
    scorer = JaroWinkler.normalized_similarity
    close = process.cpdist(fam_a, fam_b, scorer=scorer, workers=-1, score_cutoff=FAMILY_CUTOFF) > 0
    rest = np.flatnonzero(~close)
    if len(rest):  # swapped names: one's family name is the other's given name
        crossed = np.minimum(
            process.cpdist(fam_a[rest], given_b[rest], scorer=scorer, workers=-1),
            process.cpdist(given_a[rest], fam_b[rest], scorer=scorer, workers=-1),
        )
        close[rest] = crossed >= FAMILY_CUTOFF
    return close


def fuzzy_name_pairs(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) sharing a corroborating block whose family names are close."""
    entries = _block_entries(f)
    family = np.where(f.family != '', f.family, f.given).astype(object)
    found_a: list[np.ndarray] = []
    found_b: list[np.ndarray] = []

    small = entries[entries['size'] < CDIST_BLOCK][['key', 'row']]
    joined = small.merge(small, on='key')
    joined = joined[joined['row_x'] < joined['row_y']].drop_duplicates(['row_x', 'row_y'])
    x, y = joined['row_x'].to_numpy(), joined['row_y'].to_numpy()
    if len(x):
        keep = _close_names(family[x], family[y], f.given[x], f.given[y])
        found_a.append(x[keep])
        found_b.append(y[keep])

    for _, block in entries[entries['size'] >= CDIST_BLOCK].groupby('key', sort=False):
        rows = block['row'].to_numpy()
        fam, given = family[rows], f.given[rows]
        scorer = JaroWinkler.normalized_similarity
        close = process.cdist(fam, fam, scorer=scorer, workers=-1, dtype=np.float32) >= FAMILY_CUTOFF
        crossed = process.cdist(fam, given, scorer=scorer, workers=-1, dtype=np.float32) >= FAMILY_CUTOFF
        i, j = np.nonzero(np.triu(close | crossed | crossed.T, k=1))
        found_a.append(rows[i])
        found_b.append(rows[j])

    a = np.concatenate(found_a) if found_a else np.array([], dtype=np.int64)
    b = np.concatenate(found_b) if found_b else np.array([], dtype=np.int64)
    return np.minimum(a, b), np.maximum(a, b)
