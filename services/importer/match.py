"""Set-based duplicate planning for an import: inside the file and against the database.

The rules are those of services/duplicates.py, applied column-wise: exact email/phone matches by hash join,
possible duplicates by a similar name in the same company block (one rapidfuzz cdist per block).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlmodel import Session

from services.importer.match_types import Flag
from services.importer.names import similar_names

POLICIES = ('skip', 'merge', 'create')


@dataclass
class Plan:
    action: np.ndarray  # per accepted row: 'create', 'flag' (create and flag), 'merge', 'skip'
    merge_contact: np.ndarray  # existing contact id a row merges into (-1: none)
    merge_row: np.ndarray  # earlier row of the file a row merges into (-1: none)
    flags: list[Flag] = field(default_factory=list)
    db_target: np.ndarray | None = None  # exact_plan only: the existing contact each row matched (-1: none)

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
    return with_name_flags(exact_plan(rows, existing, policy), rows, existing)


def exact_plan(rows: pd.DataFrame, existing: pd.DataFrame, policy: str) -> Plan:
    """What happens to each row by the exact rules (same email, same phone). Its flags are not final:
    with_name_flags adds the possible duplicates by name and settles them; it never changes which rows
    are created, so an import can write while the names are compared."""
    if policy not in POLICIES:
        raise ValueError(f'unknown duplicate policy {policy!r}')
    n = len(rows)
    # integer codes per distinct email / phone (-1: none): joins and groupings run on integers, and a
    # million rows never turn into a million Python strings
    email, emails = _codes(rows['email_norm'])
    phone, phones = _codes(rows['phone_e164'])
    flags: list[Flag] = []
    db_target, db_reason = _match_database(email, emails, phone, phones, existing, flags)
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
    return Plan(
        action=action, merge_contact=merge_contact, merge_row=merge_row, flags=flags, db_target=db_target
    )


def with_name_flags(plan: Plan, rows: pd.DataFrame, existing: pd.DataFrame, *, workers: int = -1) -> Plan:
    """The final plan: possible duplicates by name added, every flag pointed at the record it ends up in.
    `workers`: scoring threads (-1: every core)."""
    action, merge_contact, merge_row = plan.action.copy(), plan.merge_contact, plan.merge_row
    creating = action == 'create'
    flags = plan.flags + similar_names(rows, existing, creating, workers=workers)
    flags = [_redirect(f, action, merge_contact, merge_row, plan.db_target) for f in flags]
    # only rows that become new contacts carry flags; a merged or skipped row has no record of its own
    flags = [f for f in flags if creating[f.row] and (f.other_row is None or creating[f.other_row])]
    flagged = np.zeros(len(action), dtype=bool)
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


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(
        values.astype(object).where(values.notna() & values.astype(str).ne(''), None)
    )
    return codes.astype(np.int64), pd.Index(uniques, dtype=object)


def _match_database(
    email: np.ndarray,
    emails: pd.Index,
    phone: np.ndarray,
    phones: pd.Index,
    existing: pd.DataFrame,
    flags: list[Flag],
) -> tuple[np.ndarray, np.ndarray]:
    n = len(email)
    target = np.full(n, -1, dtype=np.int64)
    reason = np.full(n, None, dtype=object)
    if existing.empty:
        return target, reason
    ids = existing['id'].to_numpy(dtype=np.int64)
    none = np.iinfo(np.int64).max
    # the lowest existing id per file email
    theirs_email = emails.get_indexer(
        existing['email_norm'].astype(object).where(existing['email_norm'].notna(), None)
    )
    lowest = np.full(len(emails) + 1, none, dtype=np.int64)
    known = theirs_email >= 0
    np.minimum.at(lowest, theirs_email[known], ids[known])
    hit = np.where(email >= 0, lowest[email], none)
    found = hit != none
    target[found] = hit[found]
    reason[found] = 'same email'
    # the lowest existing id per file phone, with that contact's email (as a file email code, -2: other)
    theirs_phone = phones.get_indexer(
        existing['phone_e164'].astype(object).where(existing['phone_e164'].notna(), None)
    )
    order = np.argsort(ids, kind='stable')
    by_phone_id = np.full(len(phones) + 1, -1, dtype=np.int64)
    by_phone_email = np.full(len(phones) + 1, -1, dtype=np.int64)
    for i in order[theirs_phone[order] >= 0][::-1]:  # lowest id written last
        code = theirs_phone[i]
        by_phone_id[code] = ids[i]
        their = existing['email_norm'].iat[i]
        by_phone_email[code] = theirs_email[i] if theirs_email[i] >= 0 else (-2 if _text(their) else -1)
    candidates = np.flatnonzero(~found & (phone >= 0))
    candidates = candidates[by_phone_id[phone[candidates]] >= 0]
    for pos in candidates:
        other_id, their_email = by_phone_id[phone[pos]], by_phone_email[phone[pos]]
        if email[pos] >= 0 and their_email != -1 and their_email != email[pos]:
            flags.append(Flag(int(pos), 'same phone, different email', 80.0, contact_id=int(other_id)))
        else:
            target[pos] = int(other_id)
            reason[pos] = 'same phone'
    return target, reason


def _text(value: object) -> str:
    return value if isinstance(value, str) else ''


def _first_of_code(codes: np.ndarray) -> np.ndarray:
    """For each row the first row with the same code (-1 where the code is -1)."""
    n = len(codes)
    first = np.full(n, -1, dtype=np.int64)
    valid = codes >= 0
    if valid.any():
        uniq, index = np.unique(codes[valid], return_index=True)
        first_by_code = np.full(int(uniq.max()) + 1, -1, dtype=np.int64)
        first_by_code[uniq] = np.flatnonzero(valid)[index]
        first[valid] = first_by_code[codes[valid]]
    return first


def _match_inside_file(email: np.ndarray, phone: np.ndarray, flags: list[Flag]) -> np.ndarray:
    """For each row the earliest earlier row it duplicates exactly (-1: none), chains followed to the root."""
    n = len(email)
    here = np.arange(n)
    first_email, first_phone = _first_of_code(email), _first_of_code(phone)
    anchor = np.where((first_email >= 0) & (first_email < here), first_email, -1)
    by_phone = np.flatnonzero((anchor < 0) & (first_phone >= 0) & (first_phone < here))
    other = first_phone[by_phone]
    different = (email[by_phone] >= 0) & (email[other] >= 0) & (email[by_phone] != email[other])
    anchor[by_phone[~different]] = other[~different]
    for pos, o in zip(by_phone[different].tolist(), other[different].tolist(), strict=True):
        flags.append(Flag(int(pos), 'same phone, different email', 80.0, other_row=int(o)))
    for _ in range(n):
        has = anchor >= 0
        grand = np.where(has, anchor[np.maximum(anchor, 0)], -1)
        moved = has & (grand >= 0)
        if not moved.any():
            break
        anchor[moved] = grand[moved]
    return anchor


def _unique(flags: list[Flag]) -> list[Flag]:
    seen, out = set(), []
    for f in flags:
        key = (f.row, f.contact_id, f.other_row)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
