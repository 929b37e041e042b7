"""The write step: everything an import stores, in the caller's single transaction, in bulk."""

import itertools

import numpy as np
import pandas as pd

from services.importer import sqlbulk
from services.importer.context import ImportCancelled, Progress, WriteContext, Written
from services.importer.index import search_bodies
from services.importer.match import Plan
from services.importer.merge import merge_into
from services.importer.merge_write import CONTACT_COLUMNS, merge_existing, merge_rows
from services.importer.tags import link_tags

LEAD_FIELDS = ('stage_key', 'next_call_at', 'source', 'product_type')
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
    # the new contacts are read from `records` by position, chunk by chunk: no copy of a big frame
    positions = np.flatnonzero(creating)
    out.contact_ids = _insert_contacts(ctx, records, positions)
    id_at = np.full(len(rows), -1, dtype=np.int64)  # new contact id by row position (-1: none)
    id_at[positions] = out.contact_ids
    merged = merge_existing(ctx, rows, plan, out)
    leads = _lead_frame(out.contact_ids, records[list(LEAD_FIELDS)].iloc[positions])
    if merged:
        extra = pd.DataFrame([row for _, row in merged])
        leads = pd.concat([leads, _lead_frame([cid for cid, _ in merged], extra)], ignore_index=True)
    out.lead_ids = _insert_leads(ctx, leads, out)
    tags = records['tags'].to_numpy(dtype=object)
    tag_targets = [(int(id_at[p]), tags[p]) for p in positions.tolist() if tags[p]]
    tag_targets += [(cid, row['tags']) for cid, row in merge_rows(rows, plan) if row['tags']]
    out.undo['tags'] = link_tags(ctx.conn, tag_targets, ctx.now, existing_contacts=set(out.merged_ids))
    _insert_activities(ctx, out)
    _insert_flags(ctx, plan, id_at)
    if sqlbulk.is_sqlite(ctx.conn):
        # the search index is filled after the bulk insert, one statement per chunk (no triggers)
        for start in range(0, len(positions), sqlbulk.CHUNK):
            bodies = search_bodies(records.iloc[positions[start : start + sqlbulk.CHUNK]])
            ids = out.contact_ids[start : start + sqlbulk.CHUNK]
            sqlbulk.insert_many(ctx.conn, 'contact_search', ('rowid', 'body'), zip(ids, bodies, strict=True))
    ctx.step(1)
    return out


def _fold_file_twins(rows: pd.DataFrame, plan: Plan, creating: np.ndarray) -> pd.DataFrame:
    """Rows merging into an earlier row of the same file are folded into it before anything is written."""
    twins = np.flatnonzero(plan.merge_row >= 0)
    if not len(twins):
        return rows
    targets = sorted({int(plan.merge_row[p]) for p in twins})
    holders = dict(zip(targets, rows.iloc[targets].to_dict('records'), strict=True))
    for p, row in zip(twins.tolist(), rows.iloc[twins].to_dict('records'), strict=True):
        target = holders[int(plan.merge_row[p])]
        merge_into(target, row)
        target['tags'] = tuple(dict.fromkeys([*target['tags'], *row['tags']]))
    records = rows.copy(deep=False)  # only the columns twins change are replaced below
    for column in rows.columns:
        values = records[column].to_numpy(dtype=object).copy()
        changed = [t for t in targets if holders[t][column] is not values[t]]
        if changed:
            for t in changed:
                values[t] = holders[t][column]
            records[column] = pd.Series(
                values,
                index=records.index,
                dtype=rows[column].dtype if column not in ('tags', 'phone_e164', 'email_norm') else object,
            )
    return records


def _insert_contacts(ctx: WriteContext, records: pd.DataFrame, positions: np.ndarray) -> list[int]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    columns = (*CONTACT_COLUMNS, 'import_batch_id', 'created_at', 'updated_at', 'updated_by_id', 'version')
    constant = (ctx.batch_id, stamp, stamp, ctx.actor_id, 1)
    # Python tuples cost ~10x the frame's memory: build them one chunk at a time (a million rows fit)
    for start in range(0, len(positions), sqlbulk.CHUNK):
        frame = records.iloc[positions[start : start + sqlbulk.CHUNK]]
        values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in CONTACT_COLUMNS]
        values[CONTACT_COLUMNS.index('email_norm')] = [
            e or None for e in values[CONTACT_COLUMNS.index('email_norm')]
        ]
        chunk = [(*r, *constant) for r in zip(*values, strict=True)]
        sqlbulk.insert_many(ctx.conn, 'contact', columns, chunk)
        ctx.step(len(chunk))
    return _ids_of_batch(ctx, 'contact')


def _ids_of_batch(ctx: WriteContext, table: str) -> list[int]:
    """Ids the batch inserted, in insertion order (the plain cursor: 10x cheaper than result rows)."""
    m = sqlbulk.marker(ctx.conn)
    cursor = ctx.conn.exec_driver_sql(
        f'SELECT id FROM "{table}" WHERE import_batch_id = {m} ORDER BY id', (ctx.batch_id,)
    )
    return [r[0] for r in cursor.cursor.fetchall()]


def _lead_frame(contact_ids: list[int], rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            'contact_id': contact_ids,
            'stage_key': rows['stage_key'].to_numpy(dtype=object),
            'next_call_at': rows['next_call_at'].to_numpy(),
            'source': rows['source'].to_numpy(dtype=object),
            'product_type': rows['product_type'].to_numpy(dtype=object),
        }
    )


def _insert_leads(ctx: WriteContext, leads: pd.DataFrame, out: Written) -> list[int]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    stage = leads['stage_key'].map(lambda k: ctx.stages[k][0])
    won = leads['stage_key'].map(lambda k: ctx.stages[k][1] == 'won').to_numpy()
    out.stage_ids.update(int(i) for i in stage.unique())
    when = pd.to_datetime(leads['next_call_at'])
    if sqlbulk.is_sqlite(ctx.conn):
        next_call = when.dt.strftime('%Y-%m-%d %H:%M:%S.%f')
    else:
        next_call = when.dt.tz_localize('UTC').map(lambda t: t.to_pydatetime())
    next_call = next_call.astype(object).where(when.notna(), None).tolist()
    tuples = (
        (
            cid,
            sid,
            nc,
            src,
            pt,
            '',
            ctx.batch_id,
            ctx.actor_id,
            stamp,
            stamp,
            ctx.actor_id,
            stamp,
            stamp if w else None,
            1,
        )
        for cid, sid, nc, src, pt, w in zip(
            leads['contact_id'].tolist(),
            stage.tolist(),
            next_call,
            leads['source'].tolist(),
            leads['product_type'].tolist(),
            won,
            strict=True,
        )
    )
    while chunk := list(itertools.islice(tuples, sqlbulk.CHUNK)):
        sqlbulk.insert_many(ctx.conn, 'lead', LEAD_COLUMNS, chunk)
        ctx.step(len(chunk))
    return _ids_of_batch(ctx, 'lead')


def _insert_activities(ctx: WriteContext, out: Written) -> None:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    data = sqlbulk.as_json({'batch_id': ctx.batch_id})
    # a created contact's origin is its import_batch_id (the timeline shows "Imported from …" from it);
    # only changes to records that existed before get their own activity row
    tuples = []
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


def _insert_flags(ctx: WriteContext, plan: Plan, id_at: np.ndarray) -> None:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    tuples = []
    for f in plan.flags:
        mine = int(id_at[f.row]) if id_at[f.row] >= 0 else None
        other = f.contact_id
        if other is None and f.other_row is not None and id_at[f.other_row] >= 0:
            other = int(id_at[f.other_row])
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
