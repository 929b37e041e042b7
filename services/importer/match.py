"""Set-based duplicate planning for an import: inside the file and against the database.

The rules are those of services/duplicates.py, applied column-wise: exact email/phone matches by hash join,
possible duplicates by a similar name in the same company block (one rapidfuzz cdist per block).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from sqlmodel import Session

from services.duplicates import LEGAL_SUFFIX, NAME_SIMILARITY, name_reason
from services.importer.index import fold_column

POLICIES = ('skip', 'merge', 'create')
_SUB_BLOCK = 24  # members of one company block before it is split by name initial
_PAIRS_PER_BATCH = 1_000_000


@dataclass
class Flag:
    row: int  # position in the accepted rows
    reason: str
    score: float
    contact_id: int | None = None  # an existing contact …
    other_row: int | None = None  # … or another row of this file


@dataclass
class Plan:
    action: np.ndarray  # per accepted row: 'create', 'flag' (create and flag), 'merge', 'skip'
    merge_contact: np.ndarray  # existing contact id a row merges into (-1: none)
    merge_row: np.ndarray  # earlier row of the file a row merges into (-1: none)
    flags: list[Flag] = field(default_factory=list)

    def count(self, action: str) -> int:
        return int((self.action == action).sum())


def load_existing(s: Session) -> pd.DataFrame:
    """Every contact's keys for matching, in one read (cheaper than many IN lookups at this size)."""
    cursor = s.connection().exec_driver_sql('SELECT id, name, company, email_norm, phone_e164 FROM contact')
    frame = pd.DataFrame(
        cursor.cursor.fetchall(), columns=['id', 'name', 'company', 'email_norm', 'phone_e164']
    )
    return frame.astype({'id': 'int64'})


def plan_duplicates(rows: pd.DataFrame, existing: pd.DataFrame, policy: str) -> Plan:
    """rows: the accepted rows (positional index). existing: load_existing()."""
    if policy not in POLICIES:
        raise ValueError(f'unknown duplicate policy {policy!r}')
    n = len(rows)
    email = np.array([e or None for e in rows['email_norm'].tolist()], dtype=object)
    phone = np.array([p or None for p in rows['phone_e164'].tolist()], dtype=object)
    flags: list[Flag] = []
    db_target, db_reason = _match_database(email, phone, existing, flags)
    anchor = _match_inside_file(email, phone, flags)
    # a row whose earlier twin matched the database follows that twin to the same contact
    inherited = (db_target < 0) & (anchor >= 0)
    db_target[inherited] = db_target[anchor[inherited]]
    db_reason[inherited] = 'same email or phone'
    action = np.full(n, 'create', dtype=object)
    merge_contact = np.full(n, -1, dtype=np.int64)
    merge_row = np.full(n, -1, dtype=np.int64)
    dup_db = db_target >= 0
    dup_row = ~dup_db & (anchor >= 0)
    if policy == 'skip':
        action[dup_db | dup_row] = 'skip'
    elif policy == 'merge':
        action[dup_db | dup_row] = 'merge'
        merge_contact[dup_db] = db_target[dup_db]
        merge_row[dup_row] = anchor[dup_row]
    else:
        for pos in np.flatnonzero(dup_db):
            flags.append(
                Flag(int(pos), db_reason[pos] or 'same email', 100.0, contact_id=int(db_target[pos]))
            )
        for pos in np.flatnonzero(dup_row):
            flags.append(Flag(int(pos), 'same email or phone', 100.0, other_row=int(anchor[pos])))
    creating = action == 'create'
    _similar_names(rows, existing, creating, flags)
    flags = [_redirect(f, action, merge_contact, merge_row, db_target) for f in flags]
    # only rows that become new contacts carry flags; a merged or skipped row has no record of its own
    flags = [f for f in flags if creating[f.row] and (f.other_row is None or creating[f.other_row])]
    flagged = np.zeros(n, dtype=bool)
    for f in flags:
        flagged[f.row] = True
    action[creating & flagged] = 'flag'
    return Plan(action=action, merge_contact=merge_contact, merge_row=merge_row, flags=_unique(flags))


def _redirect(f: Flag, action, merge_contact, merge_row, db_target) -> Flag:
    """A flag against a row that merges or is skipped points at the record that row ends up in."""
    r = f.other_row
    if r is None or action[r] in ('create', 'flag'):
        return f
    if merge_row[r] >= 0:
        return Flag(f.row, f.reason, f.score, other_row=int(merge_row[r]))
    target = merge_contact[r] if merge_contact[r] >= 0 else db_target[r]
    if target >= 0:
        return Flag(f.row, f.reason, f.score, contact_id=int(target))
    return f


def _match_database(email, phone, existing: pd.DataFrame, flags: list[Flag]) -> tuple[np.ndarray, np.ndarray]:
    n = len(email)
    target = np.full(n, -1, dtype=np.int64)
    reason = np.full(n, None, dtype=object)
    if existing.empty:
        return target, reason
    by_email = existing.dropna(subset=['email_norm']).groupby('email_norm')['id'].min()
    hit = pd.Series(email, dtype=object).map(by_email).to_numpy()
    found = ~pd.isna(hit)
    target[found] = hit[found].astype(np.int64)
    reason[found] = 'same email'
    phones = existing.dropna(subset=['phone_e164']).sort_values('id').drop_duplicates('phone_e164')
    phones = phones.set_index('phone_e164')
    hit_id = pd.Series(phone, dtype=object).map(phones['id']).to_numpy()
    hit_email = pd.Series(phone, dtype=object).map(phones['email_norm']).to_numpy()
    for pos in np.flatnonzero(~found & ~pd.isna(hit_id)):
        theirs, mine = hit_email[pos], email[pos]
        if mine and isinstance(theirs, str) and theirs and theirs != mine:
            flags.append(Flag(int(pos), 'same phone, different email', 80.0, contact_id=int(hit_id[pos])))
        else:
            target[pos] = int(hit_id[pos])
            reason[pos] = 'same phone'
    return target, reason


def _match_inside_file(email, phone, flags: list[Flag]) -> np.ndarray:
    """For each row the earliest earlier row it duplicates exactly (-1: none), chains followed to the root."""
    n = len(email)
    positions = pd.Series(np.arange(n))
    first_email = positions.groupby(pd.Series(email, dtype=object), dropna=True).transform('min')
    first_email = first_email.reindex(range(n)).fillna(-1).to_numpy(dtype=np.int64)
    first_phone = positions.groupby(pd.Series(phone, dtype=object), dropna=True).transform('min')
    first_phone = first_phone.reindex(range(n)).fillna(-1).to_numpy(dtype=np.int64)
    anchor = np.where((first_email >= 0) & (first_email < np.arange(n)), first_email, -1)
    by_phone = (anchor < 0) & (first_phone >= 0) & (first_phone < np.arange(n))
    for pos in np.flatnonzero(by_phone):
        other = first_phone[pos]
        if email[pos] and email[other] and email[pos] != email[other]:
            flags.append(Flag(int(pos), 'same phone, different email', 80.0, other_row=int(other)))
        else:
            anchor[pos] = other
    for _ in range(n):
        has = anchor >= 0
        parent = np.where(has, anchor, -1)
        grand = np.where(has, anchor[np.maximum(parent, 0)], -1)
        moved = has & (grand >= 0)
        if not moved.any():
            break
        anchor[moved] = grand[moved]
    return anchor


def _similar_names(
    rows: pd.DataFrame, existing: pd.DataFrame, creating: np.ndarray, flags: list[Flag]
) -> None:
    """Blocked fuzzy matching: only names in the same company block are compared, one cdist per block."""
    companies = rows['company']
    keys = _keys(companies)
    mine = pd.DataFrame({'key': keys, 'pos': np.arange(len(rows)), 'cid': -1})
    mine = mine[creating & mine['key'].ne('').to_numpy() & rows['name'].ne('').to_numpy()]
    if mine.empty:
        return
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
        return
    names_by_pos = rows['name'].to_numpy(dtype=object)
    names_by_id = dict(zip(existing['id'], existing['name'], strict=True)) if len(existing) else {}
    raw = [
        names_by_pos[p] if p >= 0 else names_by_id[c] for p, c in zip(block['pos'], block['cid'], strict=True)
    ]
    block['name'] = _name_keys(pd.Series(raw, dtype=str, index=block.index))
    block = _sub_block(block.reset_index(drop=True))
    if block.empty:
        return
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


def _unique(flags: list[Flag]) -> list[Flag]:
    seen, out = set(), []
    for f in flags:
        key = (f.row, f.contact_id, f.other_row)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
