"""The write step: everything an import stores, in the caller's single transaction, in bulk.

Rows are written in rounds (a million-row file never needs all its tuples at once). On SQLite each round's
rows are staged and moved into place by one statement on the writer's worker, while this thread builds the
next values; new ids are known in advance there (the import holds the write lock), so leads, tags and
search rows are built before their contacts are written.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from services.importer import sqlbulk
from services.importer.context import ImportCancelled, Progress, WriteContext, Written
from services.importer.index import search_bodies
from services.importer.match import Plan
from services.importer.merge import merge_into
from services.importer.merge_write import CONTACT_COLUMNS, merge_existing, merge_rows
from services.importer.tags import link_tags
from services.importer.writer import Writer

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
ROUND = 100_000  # new contacts per round
DEFER_INDEXES = 1.0  # build contact and lead indexes after the rows when an import adds this share


def write_rows(
    ctx: WriteContext, rows: pd.DataFrame, plan: Plan, *, finish_plan: Callable[[], Plan] | None = None
) -> tuple[Written, Plan]:
    """rows: the accepted rows (positional), plan: their actions. Returns the ids written and undo data,
    and the final plan: `finish_plan` (optional) completes `plan` with its possible-duplicate flags while
    the rows are written; it may add flags, never change which rows are created."""
    out = Written()
    rows = rows.reset_index(drop=True)
    creating = np.isin(plan.action, ('create', 'flag'))
    records = _fold_file_twins(rows, plan, creating)
    ctx.total = int(creating.sum()) * 2 + int((plan.merge_contact >= 0).sum()) + 1
    # the new contacts are read from `records` by position, round by round: no copy of a big frame
    positions = np.flatnonzero(creating)
    writer = Writer(ctx.conn)
    failed = True
    try:
        merged = merge_existing(ctx, writer.conn, rows, plan, out)
        merged_leads = pd.DataFrame([row for _, row in merged])
        contact_ids = _next_ids(writer.conn, 'contact', len(positions))
        lead_ids = _next_ids(writer.conn, 'lead', len(positions) + len(merged))
        if contact_ids and len(positions) >= DEFER_INDEXES * contact_ids[0]:
            writer.defer_indexes('contact')
            writer.defer_indexes('lead')
        if contact_ids is None:  # ids from the database's sequence: every contact first, then the rest
            _add_contacts(ctx, writer, records, positions, None)
            contact_ids = _ids_of_batch(writer.conn, 'contact', ctx.batch_id)
            rounds = [(0, len(positions), False)]
        else:
            rounds = [(s, min(s + ROUND, len(positions)), True) for s in range(0, len(positions), ROUND)]
        for start, stop, add_contacts in rounds or [(0, 0, False)]:
            part = positions[start:stop]
            if add_contacts:
                _add_contacts(ctx, writer, records, part, contact_ids[start:stop])
                writer.move()
            # built while the worker writes this round's contacts
            leads = _lead_frame(contact_ids[start:stop], records[list(LEAD_FIELDS)].iloc[part])
            if stop == len(positions) and merged:
                leads = pd.concat(
                    [leads, _lead_frame([cid for cid, _ in merged], merged_leads)], ignore_index=True
                )
            lead_tuples = _lead_tuples(
                ctx, leads, out, lead_ids[start : start + len(leads)] if lead_ids else None
            )
            bodies = search_bodies(records.iloc[part]) if writer.staged else []
            for at in range(0, len(lead_tuples), sqlbulk.CHUNK):
                chunk = lead_tuples[at : at + sqlbulk.CHUNK]
                writer.add('lead', ('id', *LEAD_COLUMNS) if lead_ids else LEAD_COLUMNS, chunk)
                ctx.step(len(chunk))
            if bodies:
                # the search index is filled after the bulk insert, by one statement (no triggers)
                writer.add(
                    'contact_search', ('rowid', 'body'), zip(contact_ids[start:stop], bodies, strict=True)
                )
            writer.move()
        writer.finish()
        # built while the worker writes the last round and builds the deferred indexes
        id_at = np.full(len(rows), -1, dtype=np.int64)  # new contact id by row position (-1: none)
        id_at[positions] = contact_ids
        tags = records['tags'].to_numpy(dtype=object)
        tag_targets = [(int(id_at[p]), tags[p]) for p in positions.tolist() if tags[p]]
        tag_targets += [(cid, row['tags']) for cid, row in merge_rows(rows, plan) if row['tags']]
        if finish_plan is not None:
            plan = finish_plan()
        flags = _flag_tuples(ctx, plan, id_at)
        activities = _activity_tuples(ctx, out)
        conn = writer.conn
        out.contact_ids = list(contact_ids)
        out.lead_ids = lead_ids if lead_ids is not None else _ids_of_batch(conn, 'lead', ctx.batch_id)
        out.undo['tags'] = link_tags(conn, tag_targets, ctx.now, existing_contacts=set(out.merged_ids))
        sqlbulk.insert_many(conn, 'activity', ACTIVITY_COLUMNS, activities)
        sqlbulk.insert_many(conn, 'duplicateflag', FLAG_COLUMNS, flags, ignore_conflicts=True)
        ctx.step(1)
        failed = False
    finally:
        writer.close(failed=failed)
    return out, plan


def _next_ids(conn: Connection, table: str, count: int) -> list[int] | None:
    """SQLite: the ids the next `count` rows get, so rows that refer to them are built before they are
    written. None elsewhere: there ids come from the database's sequence."""
    if not sqlbulk.is_sqlite(conn):
        return None
    top = conn.exec_driver_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').cursor.fetchone()[0]
    return list(range(top + 1, top + 1 + count))


def _add_contacts(
    ctx: WriteContext, writer: Writer, records: pd.DataFrame, positions: np.ndarray, ids: list[int] | None
) -> None:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    columns = (*CONTACT_COLUMNS, 'import_batch_id', 'created_at', 'updated_at', 'updated_by_id', 'version')
    constant = (ctx.batch_id, stamp, stamp, ctx.actor_id, 1)
    email_at = CONTACT_COLUMNS.index('email_norm')
    # Python tuples cost ~10x the frame's memory: build them one chunk at a time
    for start in range(0, len(positions), sqlbulk.CHUNK):
        frame = records.iloc[positions[start : start + sqlbulk.CHUNK]]
        values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in CONTACT_COLUMNS]
        values[email_at] = [e or None for e in values[email_at]]
        if ids is None:
            writer.add('contact', columns, [(*r, *constant) for r in zip(*values, strict=True)])
        else:
            chunk_ids = ids[start : start + sqlbulk.CHUNK]
            writer.add(
                'contact',
                ('id', *columns),
                [(i, *r, *constant) for i, *r in zip(chunk_ids, *values, strict=True)],
            )
        ctx.step(len(values[0]))


def _ids_of_batch(conn: Connection, table: str, batch_id: int) -> list[int]:
    """Ids the batch inserted, in insertion order (the plain cursor: 10x cheaper than result rows)."""
    m = sqlbulk.marker(conn)
    cursor = conn.exec_driver_sql(
        f'SELECT id FROM "{table}" WHERE import_batch_id = {m} ORDER BY id', (batch_id,)
    )
    return [r[0] for r in cursor.cursor.fetchall()]


def _fold_file_twins(rows: pd.DataFrame, plan: Plan, creating: np.ndarray) -> pd.DataFrame:
    """Rows merging into an earlier row of the same file are folded into it before anything is written."""
    twins = np.flatnonzero(plan.merge_row >= 0)
    if not len(twins):
        return rows
    targets = sorted({int(plan.merge_row[p]) for p in twins})
    originals = rows.iloc[targets].to_dict('records')
    holders = dict(zip(targets, rows.iloc[targets].to_dict('records'), strict=True))
    for p, row in zip(twins.tolist(), rows.iloc[twins].to_dict('records'), strict=True):
        target = holders[int(plan.merge_row[p])]
        merge_into(target, row)
        target['tags'] = tuple(dict.fromkeys([*target['tags'], *row['tags']]))
    records = rows.copy(deep=False)  # only the columns twins change are replaced, only where they change
    for column in rows.columns:
        changed = [
            (t, holders[t][column])
            for t, before in zip(targets, originals, strict=True)
            if not _same(holders[t][column], before[column])
        ]
        if not changed:
            continue
        at = [t for t, _ in changed]
        if rows[column].dtype == object:
            values = rows[column].to_numpy(dtype=object).copy()
            values[at] = [v for _, v in changed] if column != 'tags' else _objects([v for _, v in changed])
            records[column] = pd.Series(values, index=records.index, dtype=object)
        else:
            updated = rows[column].copy()
            updated.iloc[at] = [v for _, v in changed]
            records[column] = updated
    return records


def _same(a: object, b: object) -> bool:
    if a is b:
        return True
    if isinstance(a, str | tuple | int | float) and isinstance(b, str | tuple | int | float) and a == b:
        return True
    return _missing(a) and _missing(b)


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _objects(values: list) -> np.ndarray:
    """An object array holding `values` as they are (numpy would unpack a list of tuples)."""
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


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


def _lead_tuples(ctx: WriteContext, leads: pd.DataFrame, out: Written, ids: list[int] | None) -> list[tuple]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    stage = leads['stage_key'].map({k: v[0] for k, v in ctx.stages.items()})
    won = leads['stage_key'].map({k: v[1] == 'won' for k, v in ctx.stages.items()}).to_numpy(dtype=bool)
    out.stage_ids.update(int(i) for i in stage.unique())
    when = pd.to_datetime(leads['next_call_at'])
    if sqlbulk.is_sqlite(ctx.conn):
        next_call = when.dt.strftime('%Y-%m-%d %H:%M:%S.%f')
    else:
        next_call = when.dt.tz_localize('UTC').map(lambda t: t.to_pydatetime())
    next_call = next_call.astype(object).where(when.notna(), None).tolist()
    constant = ('', ctx.batch_id, ctx.actor_id, stamp, stamp, ctx.actor_id, stamp)
    columns = zip(
        leads['contact_id'].tolist(),
        stage.tolist(),
        next_call,
        leads['source'].tolist(),
        leads['product_type'].tolist(),
        [stamp if w else None for w in won.tolist()],
        strict=True,
    )
    if ids is None:
        return [(cid, sid, nc, src, pt, *constant, conv, 1) for cid, sid, nc, src, pt, conv in columns]
    return [
        (i, cid, sid, nc, src, pt, *constant, conv, 1)
        for i, (cid, sid, nc, src, pt, conv) in zip(ids, columns, strict=True)
    ]


ACTIVITY_COLUMNS = ('kind', 'contact_id', 'actor_id', 'summary', 'body', 'data', 'created_at')
FLAG_COLUMNS = (
    'contact_id',
    'other_contact_id',
    'reason',
    'score',
    'status',
    'import_batch_id',
    'created_at',
)


def _activity_tuples(ctx: WriteContext, out: Written) -> list[tuple]:
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
    return tuples


def _flag_tuples(ctx: WriteContext, plan: Plan, id_at: np.ndarray) -> list[tuple]:
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
    return tuples


__all__ = ['CONTACT_COLUMNS', 'ImportCancelled', 'Progress', 'WriteContext', 'Written', 'write_rows']
