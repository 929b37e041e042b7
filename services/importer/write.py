"""The write step: everything an import stores, in the caller's single transaction, in bulk."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, text

from services.importer import sqlbulk
from services.importer.index import search_bodies
from services.importer.match import Plan
from services.importer.merge import merge_into
from services.importer.tags import link_tags

Progress = Callable[[int, int], None]
CONTACT_COLUMNS = (
    'name',
    'first_name',
    'last_name',
    'email',
    'email_norm',
    'phone',
    'phone_e164',
    'secondary_emails',
    'secondary_phones',
    'company',
    'job_title',
    'city',
    'state',
    'country',
    'region',
    'source',
    'notes',
)
LEAD_COLUMNS = (
    'contact_id',
    'stage_id',
    'next_call_at',
    'source',
    'product_type',
    'lost_reason',
    'import_batch_id',
    'created_by_id',
    'created_at',
    'updated_at',
    'updated_by_id',
    'stage_changed_at',
    'converted_at',
    'version',
)


class ImportCancelled(Exception):
    """Raised between chunks when the user cancels: the caller rolls the transaction back."""


@dataclass
class Written:
    contact_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)
    lead_ids: list[int] = field(default_factory=list)
    stage_ids: set[int] = field(default_factory=set)
    undo: dict[str, Any] = field(default_factory=dict)


@dataclass
class WriteContext:
    conn: Connection
    batch_id: int
    actor_id: int | None
    filename: str
    now: datetime
    stages: dict[str, tuple[int, str]]  # stage key → (id, kind)
    progress: Progress | None = None
    cancel: threading.Event | None = None
    done: int = 0
    total: int = 1

    def step(self, rows: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ImportCancelled('The import was cancelled: nothing was changed.')
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


def write_rows(ctx: WriteContext, rows: pd.DataFrame, plan: Plan) -> Written:
    """rows: the accepted rows (positional), plan: their actions. Returns the ids written and undo data."""
    out = Written()
    rows = rows.reset_index(drop=True)
    creating = np.isin(plan.action, ('create', 'flag'))
    records = _fold_file_twins(rows, plan, creating)
    ctx.total = int(creating.sum()) * 2 + int((plan.merge_contact >= 0).sum()) + 1
    new = records[creating].reset_index(drop=True)
    out.contact_ids = _insert_contacts(ctx, new)
    position_to_id = dict(zip(np.flatnonzero(creating).tolist(), out.contact_ids, strict=True))
    leads = [(cid, new.iloc[i]) for i, cid in enumerate(out.contact_ids)]
    merged = _merge_existing(ctx, rows, plan, out)
    leads += merged
    out.lead_ids = _insert_leads(ctx, leads, out)
    tag_targets = [
        (position_to_id[p], records['tags'].iat[p]) for p in position_to_id if records['tags'].iat[p]
    ]
    tag_targets += [(cid, row['tags']) for cid, row in _merge_rows(rows, plan) if row['tags']]
    out.undo['tags'] = link_tags(ctx.conn, tag_targets, ctx.now, existing_contacts=set(out.merged_ids))
    _insert_activities(ctx, out, position_to_id, rows)
    _insert_flags(ctx, plan, position_to_id)
    bodies = search_bodies(new)
    if sqlbulk.is_sqlite(ctx.conn):
        sqlbulk.insert_many(
            ctx.conn, 'contact_search', ('rowid', 'body'), zip(out.contact_ids, bodies, strict=True)
        )
    ctx.step(1)
    return out


def _fold_file_twins(rows: pd.DataFrame, plan: Plan, creating: np.ndarray) -> pd.DataFrame:
    """Rows merging into an earlier row of the same file are folded into it before anything is written."""
    twins = np.flatnonzero(plan.merge_row >= 0)
    if not len(twins):
        return rows
    records = rows.copy()
    records['tags'] = records['tags'].astype(object)
    targets = {int(plan.merge_row[p]) for p in twins}
    holders = {t: records.iloc[t].to_dict() for t in targets}
    for p in twins:
        target = holders[int(plan.merge_row[p])]
        row = rows.iloc[p].to_dict()
        merge_into(target, row)
        target['tags'] = tuple(dict.fromkeys([*target['tags'], *row['tags']]))
    for t, values in holders.items():
        for key, value in values.items():
            records.at[t, key] = value
    return records


def _insert_contacts(ctx: WriteContext, new: pd.DataFrame) -> list[int]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    columns = (*CONTACT_COLUMNS, 'import_batch_id', 'created_at', 'updated_at', 'updated_by_id', 'version')
    frame = new[list(CONTACT_COLUMNS)].copy()
    frame['email_norm'] = frame['email_norm'].where(frame['email_norm'].ne(''), None)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in CONTACT_COLUMNS]
    constant = (ctx.batch_id, stamp, stamp, ctx.actor_id, 1)
    tuples = [(*r, *constant) for r in zip(*values, strict=True)]
    for start in range(0, len(tuples), sqlbulk.CHUNK):
        chunk = tuples[start : start + sqlbulk.CHUNK]
        sqlbulk.insert_many(ctx.conn, 'contact', columns, chunk)
        ctx.step(len(chunk))
    ids = (
        ctx.conn.execute(
            text('SELECT id FROM contact WHERE import_batch_id = :b ORDER BY id'), {'b': ctx.batch_id}
        )
        .scalars()
        .all()
    )
    return list(ids)


def _merge_rows(rows: pd.DataFrame, plan: Plan) -> list[tuple[int, dict]]:
    return [
        (int(plan.merge_contact[p]), rows.iloc[p].to_dict()) for p in np.flatnonzero(plan.merge_contact >= 0)
    ]


def _merge_existing(ctx: WriteContext, rows: pd.DataFrame, plan: Plan, out: Written) -> list[tuple[int, Any]]:
    """Fill empty fields of existing contacts; returns (contact id, row) for those needing a new lead."""
    pairs = _merge_rows(rows, plan)
    if not pairs:
        out.undo['merged'] = {}
        return []
    ids = sorted({cid for cid, _ in pairs})
    cols = ('id', *CONTACT_COLUMNS, 'version')
    current = {
        r[0]: dict(zip(cols, r, strict=True))
        for r in sqlbulk.select_ids(
            ctx.conn, f'SELECT {", ".join(cols)} FROM contact WHERE id IN (:ids)', ids
        )
    }
    for record in current.values():
        for key in ('secondary_emails', 'secondary_phones'):
            record[key] = sqlbulk.as_json(record[key])
    before: dict[int, dict[str, Any]] = {}
    first_row: dict[int, Any] = {}
    for cid, row in pairs:
        prior = merge_into(current[cid], row)
        for key, value in prior.items():
            before.setdefault(cid, {}).setdefault(key, value)
        first_row.setdefault(cid, row)
        ctx.step(1)
    changed = sorted(before)
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    if changed:
        fields = sorted({f for cid in changed for f in before[cid]})
        m = sqlbulk.marker(ctx.conn)
        assignments = ', '.join(f'"{f}" = {m}' for f in fields)
        sql = (
            f'UPDATE contact SET {assignments}, updated_at = {m}, updated_by_id = {m}, '
            f'version = version + 1 WHERE id = {m}'
        )
        ctx.conn.exec_driver_sql(
            sql, [(*[current[cid][f] for f in fields], stamp, ctx.actor_id, cid) for cid in changed]
        )
        _reindex(ctx, [current[cid] for cid in changed])
    out.merged_ids = sorted({cid for cid, _ in pairs})
    out.undo['merged'] = {
        str(cid): {
            'before': before[cid],
            'after': {f: current[cid][f] for f in before[cid]},
            'version': current[cid]['version'] + 1,
        }
        for cid in changed
    }
    with_open_lead = {
        r[0]
        for r in sqlbulk.select_ids(
            ctx.conn,
            'SELECT l.contact_id FROM lead l JOIN stage s ON s.id = l.stage_id '
            "WHERE s.kind = 'open' AND l.contact_id IN (:ids)",
            ids,
        )
    }
    return [(cid, pd.Series(row)) for cid, row in first_row.items() if cid not in with_open_lead]


def _reindex(ctx: WriteContext, records: list[dict]) -> None:
    if not sqlbulk.is_sqlite(ctx.conn):
        return
    frame = pd.DataFrame(records)
    for c in ('name', 'email', 'company', 'phone'):
        frame[c] = frame[c].fillna('').astype(str)
    bodies = search_bodies(frame)
    ids = [r['id'] for r in records]
    ctx.conn.exec_driver_sql('DELETE FROM contact_search WHERE rowid = ?', [(i,) for i in ids])
    sqlbulk.insert_many(ctx.conn, 'contact_search', ('rowid', 'body'), zip(ids, bodies, strict=True))


def _insert_leads(ctx: WriteContext, leads: list[tuple[int, Any]], out: Written) -> list[int]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    tuples = []
    for cid, row in leads:
        stage_id, kind = ctx.stages[row['stage_key']]
        out.stage_ids.add(stage_id)
        when = row['next_call_at']
        next_call = None if when is None or pd.isna(when) else sqlbulk.when(ctx.conn, when.to_pydatetime())
        tuples.append(
            (
                cid,
                stage_id,
                next_call,
                row['source'],
                row['product_type'],
                '',
                ctx.batch_id,
                ctx.actor_id,
                stamp,
                stamp,
                ctx.actor_id,
                stamp,
                stamp if kind == 'won' else None,
                1,
            )
        )
    for start in range(0, len(tuples), sqlbulk.CHUNK):
        chunk = tuples[start : start + sqlbulk.CHUNK]
        sqlbulk.insert_many(ctx.conn, 'lead', LEAD_COLUMNS, chunk)
        ctx.step(len(chunk))
    return list(
        ctx.conn.execute(
            text('SELECT id FROM lead WHERE import_batch_id = :b ORDER BY id'), {'b': ctx.batch_id}
        )
        .scalars()
        .all()
    )


def _insert_activities(
    ctx: WriteContext, out: Written, position_to_id: dict[int, int], rows: pd.DataFrame
) -> None:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    data = sqlbulk.as_json({'batch_id': ctx.batch_id})
    created = f'Imported from {ctx.filename}'
    tuples = [('import', cid, ctx.actor_id, created, '', data, stamp) for cid in out.contact_ids]
    for cid in out.merged_ids:
        filled = sorted(out.undo['merged'].get(str(cid), {}).get('before', {}))
        summary = f'Merged from {ctx.filename}' + (
            f': filled {", ".join(filled)}' if filled else ': nothing new'
        )
        tuples.append(('import', cid, ctx.actor_id, summary, '', data, stamp))
    sqlbulk.insert_many(
        ctx.conn,
        'activity',
        ('kind', 'contact_id', 'actor_id', 'summary', 'body', 'data', 'created_at'),
        tuples,
    )


def _insert_flags(ctx: WriteContext, plan: Plan, position_to_id: dict[int, int]) -> None:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    tuples = []
    for f in plan.flags:
        mine = position_to_id.get(f.row)
        other = f.contact_id if f.contact_id is not None else position_to_id.get(f.other_row)
        if mine is None or other is None or mine == other:
            continue
        low, high = sorted((mine, other))
        tuples.append((low, high, f.reason, round(f.score, 1), 'open', ctx.batch_id, stamp))
    sqlbulk.insert_many(
        ctx.conn,
        'duplicateflag',
        ('contact_id', 'other_contact_id', 'reason', 'score', 'status', 'import_batch_id', 'created_at'),
        tuples,
        ignore_conflicts=True,
    )
