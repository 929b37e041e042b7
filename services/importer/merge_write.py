"""Merging file rows into existing contacts inside the import's transaction, with what undo needs."""

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from services.importer import sqlbulk
from services.importer.context import WriteContext, Written
from services.importer.index import search_bodies
from services.importer.match import Plan
from services.importer.merge import merge_into

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


def merge_rows(rows: pd.DataFrame, plan: Plan) -> list[tuple[int, dict]]:
    positions = np.flatnonzero(plan.merge_contact >= 0)
    records = rows.iloc[positions].to_dict('records')
    return list(zip(plan.merge_contact[positions].tolist(), records, strict=True))


def merge_existing(
    ctx: WriteContext, conn: Connection, rows: pd.DataFrame, plan: Plan, out: Written
) -> list[tuple[int, Any]]:
    """Fill empty fields of existing contacts; returns (contact id, row) for those needing a new lead."""
    pairs = merge_rows(rows, plan)
    if not pairs:
        out.undo['merged'] = {}
        return []
    ids = sorted({cid for cid, _ in pairs})
    cols = ('id', *CONTACT_COLUMNS, 'version', 'updated_at', 'updated_by_id')
    current = {
        r[0]: dict(zip(cols, r, strict=True))
        for r in sqlbulk.select_ids(conn, f'SELECT {", ".join(cols)} FROM contact WHERE id IN (:ids)', ids)
    }
    with_open_lead = {
        r[0]
        for r in sqlbulk.select_ids(
            conn,
            'SELECT l.contact_id FROM lead l JOIN stage s ON s.id = l.stage_id '
            "WHERE s.kind = 'open' AND l.contact_id IN (:ids)",
            ids,
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
    changed = sorted(before)
    stamp = sqlbulk.when(conn, ctx.now)
    if changed:
        fields = sorted({f for cid in changed for f in before[cid]})
        m = sqlbulk.marker(conn)
        assignments = ', '.join(f'"{f}" = {m}' for f in fields)
        sql = (
            f'UPDATE contact SET {assignments}, updated_at = {m}, updated_by_id = {m}, '
            f'version = version + 1 WHERE id = {m}'
        )
        params = [(*[current[cid][f] for f in fields], stamp, ctx.actor_id, cid) for cid in changed]
        conn.exec_driver_sql(sql, params)
        records = [current[cid] for cid in changed]
        if sqlbulk.is_sqlite(conn):
            _reindex(conn, records)
    ctx.step(len(pairs))
    out.merged_ids = sorted({cid for cid, _ in pairs})
    out.undo['merged'] = {
        str(cid): {
            'before': before[cid],
            'after': {f: current[cid][f] for f in before[cid]},
            'version': current[cid]['version'] + 1,
            # restored by undo so the record is exactly as it was, stamp and version included
            'stamp': {
                k: str(current[cid][k]) if current[cid][k] is not None else None for k in ('updated_at',)
            }
            | {'updated_by_id': current[cid]['updated_by_id'], 'version': current[cid]['version']},
        }
        for cid in changed
    }
    return [(cid, row) for cid, row in first_row.items() if cid not in with_open_lead]


def reindex_rows(conn: Connection, ids: list[int]) -> None:
    """Rebuild the search text of these contacts from what is stored now."""
    cols = ('id', 'name', 'email', 'company', 'phone', 'phone_e164', 'secondary_emails', 'secondary_phones')
    rows = sqlbulk.select_ids(conn, f'SELECT {", ".join(cols)} FROM contact WHERE id IN (:ids)', ids)
    records = [dict(zip(cols, r, strict=True)) for r in rows]
    for record in records:
        for key in ('secondary_emails', 'secondary_phones'):
            record[key] = sqlbulk.as_json(record[key])
    _reindex(conn, records)


def _search_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    for c in ('name', 'email', 'company', 'phone'):
        frame[c] = frame[c].fillna('').astype(str)
    return frame


def _reindex(conn: Connection, records: list[dict], bodies: list[str] | None = None) -> None:
    if not sqlbulk.is_sqlite(conn) or not records:
        return
    if bodies is None:
        bodies = search_bodies(_search_frame(records))
    ids = [r['id'] for r in records]
    # rewritten in place: FTS5 flushes its pending terms on nearly every insert that follows deletes of
    # lower rowids (~0.3 ms a row), while an UPDATE stays in memory
    result = conn.exec_driver_sql(
        'UPDATE contact_search SET body = ? WHERE rowid = ?',
        [(b, i) for i, b in zip(ids, bodies, strict=True)],
    )
    if result.rowcount != len(ids):  # a contact without a search row (none expected) gets one
        indexed = {
            r[0]
            for r in sqlbulk.select_ids(conn, 'SELECT rowid FROM contact_search WHERE rowid IN (:ids)', ids)
        }
        missing = [(i, b) for i, b in zip(ids, bodies, strict=True) if i not in indexed]
        sqlbulk.insert_many(conn, 'contact_search', ('rowid', 'body'), missing)
