"""Tags named in a file: found case-insensitively or created, then linked to contacts in bulk."""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from services.importer import sqlbulk


def link_tags(
    conn: Connection,
    targets: list[tuple[int, tuple[str, ...]]],
    now: datetime,
    *,
    existing_contacts: set[int],
) -> dict[str, Any]:
    """Link each (contact id, tag names); returns what undo needs: tags created, links added to
    contacts that existed before the import (links of new contacts go with them)."""
    names: dict[str, str] = {}
    for _, tags in targets:
        for tag in tags:
            names.setdefault(tag.lower(), tag)
    if not names:
        return {'created': [], 'links': []}
    norms = sorted(names)
    found = dict(
        (r[1], r[0])
        for r in sqlbulk.select_ids(conn, 'SELECT id, name_norm FROM tag WHERE name_norm IN (:ids)', norms)
    )
    missing = [n for n in norms if n not in found]
    stamp = sqlbulk.when(conn, now)
    sqlbulk.insert_many(
        conn,
        'tag',
        ('name', 'name_norm', 'color', 'created_at'),
        [(names[n], n, '#6366f1', stamp) for n in missing],
    )
    created = dict(
        (r[1], r[0])
        for r in sqlbulk.select_ids(conn, 'SELECT id, name_norm FROM tag WHERE name_norm IN (:ids)', missing)
    )
    found.update(created)
    links = {(cid, found[t.lower()]) for cid, tags in targets for t in tags}
    before = set()
    old = sorted({cid for cid, _ in links if cid in existing_contacts})
    if old:
        before = {
            (r[0], r[1])
            for r in sqlbulk.select_ids(
                conn, 'SELECT contact_id, tag_id FROM contacttag WHERE contact_id IN (:ids)', old
            )
        }
    added = sorted(links - before)
    sqlbulk.insert_many(conn, 'contacttag', ('contact_id', 'tag_id'), added, ignore_conflicts=True)
    return {
        'created': sorted(created.values()),
        'links': [[cid, tid] for cid, tid in added if cid in existing_contacts],
    }
