"""Possible duplicates by name: a very similar name (rapidfuzz token_sort_ratio) in the same company block,
the rule of services/duplicates.py applied to a whole file at once.

Blocks, members and pairs are integer arrays: at a million rows a per-block pandas step or a Python string
per pair would cost more than the scoring itself.
"""

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from services.duplicates import LEGAL_SUFFIX, NAME_SIMILARITY, name_reason
from services.importer.index import fold_column
from services.importer.match_types import Flag

_SUB_BLOCK = 24  # members of one company block before it is split by name initial
_PAIRS_PER_BATCH = 250_000


def similar_names(
    rows: pd.DataFrame, existing: pd.DataFrame, creating: np.ndarray, *, workers: int = -1
) -> list[Flag]:
    """Blocked fuzzy matching: each new row is compared with the earlier members of its company block (the
    existing contacts first, then earlier rows of the file), in batches of pairs scored by one cpdist on
    `workers` threads (-1: every core)."""
    file_keys = _keys(rows['company'])
    mine = np.flatnonzero(creating & (file_keys != '') & rows['name'].ne('').to_numpy())
    if not len(mine):
        return []
    their_keys = _keys(existing['company']) if len(existing) else np.zeros(0, dtype=object)
    theirs = np.flatnonzero(their_keys != '')
    # members: the file's rows, then the existing contacts, with integer block codes in key order
    codes, _ = pd.factorize(np.concatenate([file_keys[mine], their_keys[theirs]]), sort=True)
    codes = codes.astype(np.int64)
    pos = np.concatenate([mine, np.full(len(theirs), -1, dtype=np.int64)])
    cid = np.concatenate([np.full(len(mine), -1, dtype=np.int64), existing['id'].to_numpy(np.int64)[theirs]])
    keep = _blocks_worth_scoring(codes, pos)
    if not keep.any():
        return []
    codes, pos, cid = codes[keep], pos[keep], cid[keep]
    file_names = rows['name'].to_numpy(dtype=object)
    their_names = existing['name'].to_numpy(dtype=object) if len(existing) else file_names[:0]
    from_file = pos >= 0
    raw = np.empty(len(pos), dtype=object)
    raw[from_file] = file_names[pos[from_file]]
    raw[~from_file] = their_names[theirs[keep[len(mine) :]]] if (~from_file).any() else []
    names = _name_keys(pd.Series(raw, dtype=str))
    codes = _sub_blocks(codes, names)
    keep = _blocks_worth_scoring(codes, pos)
    codes, pos, cid, names = codes[keep], pos[keep], cid[keep], names[keep]
    # existing contacts (pos -1) first in each block, then the file's rows in file order
    order = np.lexsort((pos, codes))
    codes, pos, cid, names = codes[order], pos[order], cid[order], names[order]
    block_start = np.searchsorted(codes, codes, side='left')
    members = np.flatnonzero(pos >= 0)
    earlier = members - block_start[members]  # each file row against every member before it
    flags: list[Flag] = []
    for batch in _batches(members, earlier):
        counts = earlier[batch]
        left = np.repeat(members[batch], counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        right = np.repeat(block_start[members[batch]], counts) + offsets
        if not len(left):
            continue
        scores = process.cpdist(
            names[left].tolist(),
            names[right].tolist(),
            scorer=fuzz.token_sort_ratio,
            score_cutoff=NAME_SIMILARITY,
            workers=workers,
        )
        hit = np.flatnonzero(scores >= NAME_SIMILARITY)
        for a, b, score in zip(left[hit].tolist(), right[hit].tolist(), scores[hit].tolist(), strict=True):
            other = {'contact_id': int(cid[b])} if pos[b] < 0 else {'other_row': int(pos[b])}
            flags.append(Flag(int(pos[a]), name_reason(score), float(score), **other))
    flags.sort(key=lambda f: f.row)  # file order; pairs of one row stay in block order (stable sort)
    return flags


def _blocks_worth_scoring(codes: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Members of blocks with a file row and someone to compare it with."""
    if not len(codes):
        return np.zeros(0, dtype=bool)
    sizes = np.bincount(codes)
    with_file = np.bincount(codes[pos >= 0], minlength=len(sizes)) > 0
    return (sizes[codes] > 1) & with_file[codes]


def _sub_blocks(codes: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Split big company blocks by the first letter of the name's alphabetically first word (what
    token_sort_ratio compares first: names >= 90 % alike practically never differ there)."""
    _, codes = np.unique(codes, return_inverse=True)
    big = np.bincount(codes)[codes] > _SUB_BLOCK
    if not big.any():
        return codes
    distinct, which = np.unique(names[big], return_inverse=True)
    initials = np.array([min(w[0] for w in n.split()) if n.strip() else '' for n in distinct.tolist()] + [''])
    letter = np.full(len(codes), len(distinct), dtype=np.int64)  # small blocks: one shared "initial"
    letter[big] = which
    _, letter = np.unique(initials[letter], return_inverse=True)
    letter = letter.reshape(-1).astype(np.int64)
    _, split = np.unique(codes * (int(letter.max()) + 1) + letter, return_inverse=True)
    return split.reshape(-1).astype(np.int64)


def _batches(members: np.ndarray, earlier: np.ndarray) -> list[np.ndarray]:
    """Positions into `members` in groups of at most _PAIRS_PER_BATCH pairs (bounded memory at 1M rows)."""
    batch_of = (np.cumsum(earlier) - earlier) // _PAIRS_PER_BATCH
    bounds = np.flatnonzero(np.diff(batch_of)) + 1
    return [b for b in np.split(np.arange(len(members)), bounds) if len(b)]


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes and distinct values of a text column (companies and names repeat: work on each once)."""
    codes, uniques = pd.factorize(values.fillna('').astype(str).to_numpy(dtype=object), use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=str)


def _keys(companies: pd.Series) -> np.ndarray:
    """services.duplicates.company_key for a column (same result, string operations over distinct values)."""
    codes, distinct = _distinct(companies)
    words = fold_column(distinct).str.replace(r'[^a-z0-9]+', ' ', regex=True)
    bare = words.str.replace(LEGAL_SUFFIX.pattern, ' ', regex=True)
    keys = bare.str.replace(r' +', ' ', regex=True).str.strip().to_numpy(dtype=object)
    return keys[codes]


def _name_keys(names: pd.Series) -> np.ndarray:
    """services.duplicates.name_key for a column."""
    codes, distinct = _distinct(names)
    words = fold_column(distinct).str.replace(r'[^a-z0-9]+', ' ', regex=True)
    keys = words.str.replace(r' +', ' ', regex=True).str.strip().to_numpy(dtype=object)
    return keys[codes]
