"""The write step: everything an import stores, in the caller's single transaction, in bulk."""

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text

from services.importer import sqlbulk
from services.importer.context import ImportCancelled, Progress, WriteContext, Written
from services.importer.index import search_bodies
from services.importer.match import Plan
from services.importer.merge import merge_into
from services.importer.merge_write import CONTACT_COLUMNS, merge_existing, merge_rows
from services.importer.tags import link_tags

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
    merged = merge_existing(ctx, rows, plan, out)
    leads += merged
    out.lead_ids = _insert_leads(ctx, leads, out)
    tag_targets = [
        (position_to_id[p], records['tags'].iat[p]) for p in position_to_id if records['tags'].iat[p]
    ]
    tag_targets += [(cid, row['tags']) for cid, row in merge_rows(rows, plan) if row['tags']]
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


__all__ = ['CONTACT_COLUMNS', 'ImportCancelled', 'Progress', 'WriteContext', 'Written', 'write_rows']
