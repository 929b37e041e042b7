"""Possible duplicates by name: a very similar name (rapidfuzz token_sort_ratio) in the same company block,
the rule of services/duplicates.py applied to a whole file at once."""

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from services.duplicates import LEGAL_SUFFIX, NAME_SIMILARITY, name_reason
from services.importer.index import fold_column
from services.importer.match_types import Flag

_SUB_BLOCK = 24  # members of one company block before it is split by name initial
_PAIRS_PER_BATCH = 250_000


def similar_names(rows: pd.DataFrame, existing: pd.DataFrame, creating: np.ndarray) -> list[Flag]:
    """Blocked fuzzy matching: only names in the same company block are compared, in batched pairs."""
    flags: list[Flag] = []
    companies = rows['company']
    keys = _keys(companies)
    mine = pd.DataFrame({'key': keys, 'pos': np.arange(len(rows)), 'cid': -1})
    mine = mine[creating & mine['key'].ne('').to_numpy() & rows['name'].ne('').to_numpy()]
    if mine.empty:
        return flags
    theirs = existing[existing['company'].fillna('').ne('')] if len(existing) else existing
    if len(theirs):
        theirs = pd.DataFrame(
            {'key': _keys(theirs['company'].astype(str)), 'pos': -1, 'cid': theirs['id'].values}
        )
        theirs = theirs[theirs['key'].isin(set(mine['key']))]
    block = pd.concat([mine, theirs], ignore_index=True) if len(theirs) else mine.reset_index(drop=True)
    sizes = block.groupby('key')['key'].transform('size')
    block = block[sizes.to_numpy() > 1].sort_values(['key', 'pos'], kind='stable')
    if block.empty:
        return flags
    names_by_pos = rows['name'].to_numpy(dtype=object)
    names_by_id = dict(zip(existing['id'], existing['name'], strict=True)) if len(existing) else {}
    raw = [
        names_by_pos[p] if p >= 0 else names_by_id[c] for p, c in zip(block['pos'], block['cid'], strict=True)
    ]
    block['name'] = _name_keys(pd.Series(raw, dtype=str, index=block.index))
    block = _sub_block(block.reset_index(drop=True))
    if block.empty:
        return flags
    block['member'] = np.arange(len(block))
    names = block['name'].to_numpy(dtype=object)
    file_side = block[block['pos'] >= 0][['key', 'member', 'pos']]
    for keys in _batches(block, file_side):
        # every (file row, other member) pair of these blocks, scored in one vectorized call
        pairs = file_side[file_side['key'].isin(keys)].merge(
            block[block['key'].isin(keys)][['key', 'member', 'pos', 'cid']], on='key', suffixes=('', '_other')
        )
        later = (pairs['pos_other'] < 0) | (pairs['pos_other'] < pairs['pos'])  # each file pair once
        pairs = pairs[later.to_numpy()]
        if pairs.empty:
            continue
        scores = process.cpdist(
            names[pairs['member'].to_numpy()].tolist(),
            names[pairs['member_other'].to_numpy()].tolist(),
            scorer=fuzz.token_sort_ratio,
            score_cutoff=NAME_SIMILARITY,
            workers=-1,
        )
        hits = pairs[scores >= NAME_SIMILARITY].assign(score=scores[scores >= NAME_SIMILARITY])
        for pos, pos_other, cid, score in zip(
            hits['pos'].tolist(),
            hits['pos_other'].tolist(),
            hits['cid'].tolist(),
            hits['score'].tolist(),
            strict=True,
        ):
            other = {'contact_id': int(cid)} if pos_other < 0 else {'other_row': int(pos_other)}
            flags.append(Flag(int(pos), name_reason(score), float(score), **other))
    return flags


def _sub_block(block: pd.DataFrame) -> pd.DataFrame:
    """Split big company blocks by the first letter of the name's alphabetically first word (what
    token_sort_ratio compares first: names >= 90 % alike practically never differ there), then keep blocks
    with a file row and someone to compare it with."""
    big = block.groupby('key')['key'].transform('size').to_numpy() > _SUB_BLOCK
    if big.any():
        initials = [
            min(w[0] for w in n.split()) if n.strip() else '' for n in block.loc[big, 'name'].tolist()
        ]
        block.loc[big, 'key'] = block.loc[big, 'key'] + '\x1f' + pd.Series(initials, index=block.index[big])
    sizes = block.groupby('key')['key'].transform('size').to_numpy()
    with_file = block.groupby('key')['pos'].transform('max').to_numpy() >= 0
    return block[(sizes > 1) & with_file].reset_index(drop=True)


def _batches(block: pd.DataFrame, file_side: pd.DataFrame) -> list[np.ndarray]:
    """Block keys in groups whose pair count stays under _PAIRS_PER_BATCH (bounded memory at 1M rows)."""
    members = block.groupby('key').size()
    files = file_side.groupby('key').size().reindex(members.index, fill_value=0)
    cost = (members * files).to_numpy()
    batch_of = np.cumsum(cost) // _PAIRS_PER_BATCH
    keys = members.index.to_numpy(dtype=object)
    return [keys[batch_of == b] for b in np.unique(batch_of)]


def _keys(companies: pd.Series) -> np.ndarray:
    """services.duplicates.company_key for a column (same result, string operations over the column)."""
    words = fold_column(companies.fillna('').astype(str)).str.replace(r'[^a-z0-9]+', ' ', regex=True)
    bare = words.str.replace(LEGAL_SUFFIX.pattern, ' ', regex=True)
    return bare.str.replace(r' +', ' ', regex=True).str.strip().to_numpy(dtype=object)


def _name_keys(names: pd.Series) -> np.ndarray:
    """services.duplicates.name_key for a column."""
    words = fold_column(names.fillna('')).str.replace(r'[^a-z0-9]+', ' ', regex=True)
    return words.str.replace(r' +', ' ', regex=True).str.strip().to_numpy(dtype=object)
