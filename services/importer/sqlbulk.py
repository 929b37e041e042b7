"""Bulk statements below the ORM: one executemany per table, values prepared once per dialect.

The ORM costs ~10x the floor at a hundred thousand rows; these statements send plain tuples to the driver.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

CHUNK = 20_000


def marker(conn: Connection) -> str:
    return '?' if conn.dialect.paramstyle == 'qmark' else '%s'


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == 'sqlite'


def when(conn: Connection, value: datetime | None) -> Any:
    """A UTC time as the column type stores it: SQLAlchemy's SQLite text form, or the aware value."""
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime('%Y-%m-%d %H:%M:%S.%f') if is_sqlite(conn) else value


def as_json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def from_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def insert_many(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    ignore_conflicts: bool = False,
) -> None:
    m = marker(conn)
    names = ', '.join(f'"{c}"' for c in columns)
    values = ', '.join([m] * len(columns))
    verb = 'INSERT OR IGNORE INTO' if ignore_conflicts and is_sqlite(conn) else 'INSERT INTO'
    tail = ' ON CONFLICT DO NOTHING' if ignore_conflicts and not is_sqlite(conn) else ''
    rows = list(rows)
    if rows:
        conn.exec_driver_sql(
            f'INSERT INTO "{table}" ({names}) VALUES ({values}){tail}'.replace('INSERT INTO', verb, 1), rows
        )


def select_ids(conn: Connection, sql: str, ids: Sequence[Any]) -> list[tuple]:
    """Run `sql` (with an :ids placeholder list) over ids in chunks the database accepts."""
    out: list[tuple] = []
    for start in range(0, len(ids), 900):
        chunk = tuple(ids[start : start + 900])
        cursor = conn.exec_driver_sql(sql.replace(':ids', ', '.join([marker(conn)] * len(chunk))), chunk)
        out.extend(tuple(r) for r in cursor.cursor.fetchall())
    return out


def run_ids(conn: Connection, sql: str, ids: Sequence[Any]) -> None:
    """Execute a statement with an :ids placeholder list over ids in chunks."""
    for start in range(0, len(ids), 900):
        chunk = tuple(ids[start : start + 900])
        conn.exec_driver_sql(sql.replace(':ids', ', '.join([marker(conn)] * len(chunk))), chunk)


def tune_for_bulk(conn: Connection, on: bool) -> None:
    """SQLite, while an import writes: a large page cache (index updates stay in memory); the search
    index's segment merging deferred to later writes; and its pending terms held in memory up to 8 MB
    instead of 1 MB before they are written out as a segment, so a hundred thousand contacts make a few
    segments instead of dozens that would be merged again within the import (0.9 s → 0.55 s). A larger
    hash gains nothing more and costs a million-row import ~90 MB of its memory budget."""
    if not is_sqlite(conn):
        return
    conn.exec_driver_sql(f'PRAGMA cache_size = {-65536 if on else -2000}')
    for option, bulk, usual in (('automerge', 0, 4), ('hashsize', 8 << 20, 1 << 20)):
        conn.exec_driver_sql(
            f"INSERT INTO contact_search(contact_search, rank) VALUES ('{option}', {bulk if on else usual})"
        )
