"""The write step: everything an import stores, in the caller's single transaction, in bulk.

SQLite: new ids are known in advance (the import holds the write lock), so every value is built before its
row is written; rows are staged and moved into place round by round on the writer's worker while this
thread builds the next values (services/importer/writer.py). Elsewhere rows are inserted with executemany
and their ids read back.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from services.importer import sqlbulk
from services.importer.context import ImportCancelled, Progress, WriteContext, Written
from services.importer.index import search_bodies
from services.importer.match import Plan
from services.importer.merge import merge_into
from services.importer.merge_write import CONTACT_COLUMNS, merge_existing, merge_rows
from services.importer.tags import link_existing, links, resolve_tags
from services.importer.write_values import (
    ACTIVITY_COLUMNS,
    CONTACT_CONSTANTS,
    FLAG_COLUMNS,
    LEAD_COLUMNS,
    activity_tuples,
    contact_constants,
    contact_values,
    flag_tuples,
    lead_constants,
    lead_tuples,
    lead_values,
)
from services.importer.writer import Writer

ROUND = 100_000  # new contacts per round: a million-row file never holds all its tuples at once
# contact and lead indexes are built after the rows when an import at least doubles the tables (and is
# big enough for it to matter: small imports leave the schema alone)
DEFER_INDEXES = 1.0
DEFER_MIN_ROWS = 10_000
# a staged row: the contact's columns and its lead's
_STAGED = ('id', *CONTACT_COLUMNS, 'stage_id', 'next_call_at', 'lead_source', 'product_type', 'converted_at')


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
    write = _write_staged if sqlbulk.is_sqlite(ctx.conn) else _write_direct
    plan = write(ctx, rows, records, positions, plan, out, finish_plan or (lambda: plan))
    ctx.step(1)
    return out, plan


def _write_staged(ctx, rows, records, positions, plan, out, finish_plan) -> Plan:
    writer = Writer(ctx.conn)
    failed = True
    try:
        conn = writer.conn
        merged = merge_existing(ctx, conn, rows, plan, out)
        first_contact, first_lead = _next_id(conn, 'contact'), _next_id(conn, 'lead')
        contact_ids = np.arange(first_contact, first_contact + len(positions), dtype=np.int64)
        if len(positions) >= max(DEFER_MIN_ROWS, DEFER_INDEXES * first_contact):
            writer.defer_indexes('contact')
            writer.defer_indexes('lead')
        cells = records['tags'].to_numpy(dtype=object)
        merging = merge_rows(rows, plan)
        named = set(cells[positions].tolist()) | {row['tags'] for _, row in merging}
        tag_ids, created_tags = resolve_tags(conn, named, ctx.now)
        contacts = _insert_select(
            'contact', ('id', *CONTACT_COLUMNS), CONTACT_CONSTANTS, len(CONTACT_CONSTANTS)
        )
        lead_sql = (
            f'INSERT INTO main."lead" ("id", {_names(LEAD_COLUMNS)}) SELECT "id" + ?, "id", "stage_id", '
            '"next_call_at", "lead_source", "product_type", ?, ?, ?, ?, ?, ?, ?, "converted_at", 1 '
            'FROM temp."import_row"'
        )
        with ThreadPoolExecutor(1, thread_name_prefix='import-search') as side:
            for start in range(0, len(positions), ROUND):
                part, ids = positions[start : start + ROUND], contact_ids[start : start + ROUND]
                chunk = records.iloc[part]
                # search texts and tag links are built on the side (mostly pyarrow, without the GIL)
                # while this thread builds and stages the contact and lead rows
                index_rows = side.submit(_index_rows, chunk, ids, cells[part], tag_ids)
                staged = zip(ids.tolist(), *contact_values(chunk), *lead_values(ctx, chunk, out), strict=True)
                writer.stage('row', _STAGED, staged)
                search, tag_links = index_rows.result()
                # the search index is filled after the bulk insert, by one statement (no triggers)
                writer.stage('search', ('id', 'body'), search)
                writer.stage('tag', ('contact_id', 'tag_id'), tag_links)
                ctx.step(2 * len(part))
                writer.submit(
                    [
                        (contacts, contact_constants(ctx)),
                        (lead_sql, (first_lead - first_contact, *lead_constants(ctx))),
                        (
                            'INSERT INTO main.contact_search (rowid, body) SELECT * FROM temp."import_search"',
                            (),
                        ),
                        (
                            'INSERT INTO main.contacttag (contact_id, tag_id) SELECT * FROM temp."import_tag"',
                            (),
                        ),
                        *[(f'DELETE FROM temp."import_{name}"', ()) for name in ('row', 'search', 'tag')],
                    ]
                )
        writer.finish()
        # built while the worker writes the last round and builds the deferred indexes
        id_at = np.full(len(rows), -1, dtype=np.int64)  # new contact id by row position (-1: none)
        id_at[positions] = contact_ids
        plan = finish_plan()
        flags = flag_tuples(ctx, plan, id_at)
        activities = activity_tuples(ctx, out)
        merged_ids = [cid for cid, _ in merged]
        merged_leads = (
            lead_tuples(ctx, merged_ids, pd.DataFrame([row for _, row in merged]), out) if merged else []
        )
        first_merged = first_lead + len(positions)
        merged_leads = [(first_merged + i, *t) for i, t in enumerate(merged_leads)]
        merged_links = links(
            np.array([cid for cid, _ in merging], dtype=np.int64),
            _cells([row['tags'] for _, row in merging]),
            tag_ids,
        )
        conn = writer.conn
        sqlbulk.insert_many(conn, 'lead', ('id', *LEAD_COLUMNS), merged_leads)
        out.undo['tags'] = {'created': created_tags, 'links': link_existing(conn, merged_links)}
        sqlbulk.insert_many(conn, 'activity', ACTIVITY_COLUMNS, activities)
        sqlbulk.insert_many(conn, 'duplicateflag', FLAG_COLUMNS, flags, ignore_conflicts=True)
        out.contact_ids = contact_ids.tolist()
        out.lead_ids = list(range(first_lead, first_merged + len(merged_leads)))
        failed = False
    finally:
        writer.close(failed=failed)
    return plan


def _write_direct(ctx, rows, records, positions, plan, out, finish_plan) -> Plan:
    conn = ctx.conn
    merged = merge_existing(ctx, conn, rows, plan, out)
    constant = contact_constants(ctx)
    for start in range(0, len(positions), sqlbulk.CHUNK):
        values = contact_values(records.iloc[positions[start : start + sqlbulk.CHUNK]])
        tuples = [(*r, *constant) for r in zip(*values, strict=True)]
        sqlbulk.insert_many(conn, 'contact', (*CONTACT_COLUMNS, *CONTACT_CONSTANTS), tuples)
        ctx.step(len(tuples))
    contact_ids = _ids_of_batch(conn, 'contact', ctx.batch_id)
    for start in range(0, len(positions), sqlbulk.CHUNK):
        chunk = records.iloc[positions[start : start + sqlbulk.CHUNK]]
        tuples = lead_tuples(ctx, contact_ids[start : start + sqlbulk.CHUNK], chunk, out)
        sqlbulk.insert_many(conn, 'lead', LEAD_COLUMNS, tuples)
        ctx.step(len(tuples))
    if merged:
        merged_rows = pd.DataFrame([row for _, row in merged])
        sqlbulk.insert_many(
            conn, 'lead', LEAD_COLUMNS, lead_tuples(ctx, [c for c, _ in merged], merged_rows, out)
        )
    out.contact_ids = contact_ids
    out.lead_ids = _ids_of_batch(conn, 'lead', ctx.batch_id)
    cells = records['tags'].to_numpy(dtype=object)
    merging = merge_rows(rows, plan)
    tag_ids, created_tags = resolve_tags(
        conn, set(cells[positions].tolist()) | {r['tags'] for _, r in merging}, ctx.now
    )
    new_links = links(np.asarray(contact_ids, dtype=np.int64), cells[positions], tag_ids)
    sqlbulk.insert_many(conn, 'contacttag', ('contact_id', 'tag_id'), new_links)
    merged_links = links(
        np.array([c for c, _ in merging], dtype=np.int64), _cells([r['tags'] for _, r in merging]), tag_ids
    )
    out.undo['tags'] = {'created': created_tags, 'links': link_existing(conn, merged_links)}
    plan = finish_plan()
    id_at = np.full(len(rows), -1, dtype=np.int64)
    id_at[positions] = contact_ids
    sqlbulk.insert_many(conn, 'activity', ACTIVITY_COLUMNS, activity_tuples(ctx, out))
    sqlbulk.insert_many(
        conn, 'duplicateflag', FLAG_COLUMNS, flag_tuples(ctx, plan, id_at), ignore_conflicts=True
    )
    return plan


def _index_rows(chunk: pd.DataFrame, ids: np.ndarray, cells: np.ndarray, tag_ids: dict[str, int]) -> tuple:
    return list(zip(ids.tolist(), search_bodies(chunk), strict=True)), links(ids, cells, tag_ids)


def _names(columns) -> str:
    return ', '.join(f'"{c}"' for c in columns)


def _insert_select(table: str, columns: tuple[str, ...], constants: tuple[str, ...], count: int) -> str:
    """INSERT INTO table (columns, constants) SELECT columns, ? × count FROM the staged rows."""
    marks = ', '.join(['?'] * count)
    return (
        f'INSERT INTO main."{table}" ({_names(columns)}, {_names(constants)}) '
        f'SELECT {_names(columns)}, {marks} FROM temp."import_row"'
    )


def _next_id(conn: Connection, table: str) -> int:
    return conn.exec_driver_sql(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"').cursor.fetchone()[0]


def _ids_of_batch(conn: Connection, table: str, batch_id: int) -> list[int]:
    """Ids the batch inserted, in insertion order (the plain cursor: 10x cheaper than result rows)."""
    m = sqlbulk.marker(conn)
    cursor = conn.exec_driver_sql(
        f'SELECT id FROM "{table}" WHERE import_batch_id = {m} ORDER BY id', (batch_id,)
    )
    return [r[0] for r in cursor.cursor.fetchall()]


def _cells(values: list) -> np.ndarray:
    """An object array holding `values` as they are (numpy would unpack a list of tuples)."""
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


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
            values[at] = [v for _, v in changed] if column != 'tags' else _cells([v for _, v in changed])
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


__all__ = ['CONTACT_COLUMNS', 'ImportCancelled', 'Progress', 'WriteContext', 'Written', 'write_rows']
