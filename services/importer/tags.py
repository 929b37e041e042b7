"""Tags named in a file: found case-insensitively or created, then linked to contacts in bulk."""

from collections.abc import Iterable
from datetime import datetime

import numpy as np
from sqlalchemy import Connection

from services.importer import sqlbulk


def resolve_tags(
    conn: Connection, cells: Iterable[tuple[str, ...]], now: datetime
) -> tuple[dict[str, int], list[int]]:
    """Every tag named in `cells` (tuples of names): lower-cased name → tag id, creating the missing ones
    (the first spelling met is kept). Returns that map and the ids created."""
    names: dict[str, str] = {}
    for tags in cells:
        for tag in tags:
            names.setdefault(tag.lower(), tag)
    if not names:
        return {}, []
    norms = sorted(names)
    sql = 'SELECT id, name_norm FROM tag WHERE name_norm IN (:ids)'
    found = {r[1]: r[0] for r in sqlbulk.select_ids(conn, sql, norms)}
    missing = [n for n in norms if n not in found]
    stamp = sqlbulk.when(conn, now)
    sqlbulk.insert_many(
        conn,
        'tag',
        ('name', 'name_norm', 'color', 'created_at'),
        [(names[n], n, '#6366f1', stamp) for n in missing],
    )
    created = {r[1]: r[0] for r in sqlbulk.select_ids(conn, sql, missing)}
    return found | created, sorted(created.values())


def links(contact_ids: np.ndarray, cells: np.ndarray, tag_ids: dict[str, int]) -> list[tuple[int, int]]:
    """(contact id, tag id) for each contact and each tag of its cell; each distinct cell resolved once."""
    out: list[tuple[int, int]] = []
    resolved: dict[tuple[str, ...], list[int]] = {}
    for cid, tags in zip(contact_ids.tolist(), cells.tolist(), strict=True):
        if tags:
            ids = resolved.get(tags)
            if ids is None:
                ids = resolved[tags] = sorted({tag_ids[t.lower()] for t in tags})
            out.extend((cid, tid) for tid in ids)
    return out


def link_existing(conn: Connection, targets: list[tuple[int, int]]) -> list[list[int]]:
    """Add (contact id, tag id) links to contacts that existed before; returns the links it added (undo
    removes exactly those)."""
    wanted = set(targets)
    old = sorted({cid for cid, _ in wanted})
    before = set()
    if old:
        sql = 'SELECT contact_id, tag_id FROM contacttag WHERE contact_id IN (:ids)'
        before = {(r[0], r[1]) for r in sqlbulk.select_ids(conn, sql, old)}
    added = sorted(wanted - before)
    sqlbulk.insert_many(conn, 'contacttag', ('contact_id', 'tag_id'), added, ignore_conflicts=True)
    return [[cid, tid] for cid, tid in added]
