"""Undo an import: remove what it created, revert what it merged, and leave alone what was edited since."""

from sqlalchemy import Connection, text
from sqlmodel import Session

from models import ImportBatch, ImportBatchRead, UserRead
from services import access, clock, db, events
from services.errors import Conflict, Forbidden, NotFound
from services.importer import sqlbulk
from services.importer.merge_write import reindex_rows
from services.importer.models import KeptRecord, UndoReport

_EDITED = 'edited since the import'


def get_batch(*, actor: UserRead, batch_id: int) -> ImportBatchRead:
    with db.session() as s:
        access.require(s, actor, 'create_leads')
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f'Import #{batch_id} does not exist.')
        return ImportBatchRead.model_validate(batch)


def undo_import(*, actor: UserRead | None, batch_id: int) -> UndoReport:
    """Only the user who ran the import or an admin may undo it (actor None: the command line)."""
    with db.session() as s:
        batch = _load(s, actor, batch_id)
        conn = s.connection()
        kept: list[KeptRecord] = []
        kept_ids = _kept_created(conn, batch_id, kept)
        if kept_ids:
            sqlbulk.run_ids(
                conn, 'UPDATE contact SET import_batch_id = NULL WHERE id IN (:ids)', sorted(kept_ids)
            )
            sqlbulk.run_ids(
                conn, 'UPDATE lead SET import_batch_id = NULL WHERE contact_id IN (:ids)', sorted(kept_ids)
            )
        params = {'b': batch_id}
        lead_rows = conn.execute(
            text('SELECT id, stage_id FROM lead WHERE import_batch_id = :b'), params
        ).all()
        reverted, merged_kept = _revert_merges(conn, batch, kept)
        # leads the import added to contacts that existed before go too, unless edited since
        edited_leads = (
            conn.execute(text('SELECT id FROM lead WHERE import_batch_id = :b AND version > 1'), params)
            .scalars()
            .all()
        )
        if edited_leads:
            sqlbulk.run_ids(
                conn, 'UPDATE lead SET import_batch_id = NULL WHERE id IN (:ids)', list(edited_leads)
            )
        removed_leads = conn.execute(text('DELETE FROM lead WHERE import_batch_id = :b'), params).rowcount
        created_ids = (
            conn.execute(text('SELECT id FROM contact WHERE import_batch_id = :b'), params).scalars().all()
        )
        if sqlbulk.is_sqlite(conn):
            conn.execute(
                text(
                    'DELETE FROM contact_search WHERE rowid IN (SELECT id FROM contact WHERE import_batch_id = :b)'
                ),
                params,
            )
        conn.execute(text('DELETE FROM duplicateflag WHERE import_batch_id = :b'), params)
        removed = conn.execute(text('DELETE FROM contact WHERE import_batch_id = :b'), params).rowcount
        _drop_unused_tags(conn, batch.undo.get('tags', {}).get('created', []))
        batch.status = 'undone'
        batch.undone_at = clock.now()
        s.add(batch)
        s.commit()
    actor_id = actor.id if actor else None
    touched = frozenset(created_ids) | frozenset(int(c) for c in batch.undo.get('merged', {}))
    events.publish(events.ContactsChanged(contact_ids=touched, kind='import_undone', actor_id=actor_id))
    events.publish(
        events.LeadsChanged(
            lead_ids=frozenset(r[0] for r in lead_rows),
            kind='import_undone',
            stage_ids=frozenset(r[1] for r in lead_rows),
            actor_id=actor_id,
        )
    )
    return UndoReport(
        batch_id=batch_id,
        removed_contacts=removed,
        removed_leads=removed_leads,
        reverted=reverted,
        kept=kept + merged_kept,
    )


def _load(s: Session, actor: UserRead | None, batch_id: int) -> ImportBatch:
    user = access.require(s, actor, 'create_leads') if actor is not None else None
    batch = s.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f'Import #{batch_id} does not exist.')
    if user is not None and not user.is_admin and batch.created_by_id != user.id:
        raise Forbidden('Only the user who ran this import or an admin can undo it.')
    if batch.status == 'undone':
        raise Conflict(f'Import #{batch_id} ({batch.filename}) was already undone.')
    if batch.status != 'done':
        raise Conflict(f'Import #{batch_id} did not finish, so there is nothing to undo.')
    return batch


def _kept_created(conn: Connection, batch_id: int, kept: list[KeptRecord]) -> set[int]:
    """Contacts the import created that someone touched since: edited, given other leads or activities,
    leads edited, or linked to a client. Those stay."""
    queries = {
        _EDITED: 'SELECT id FROM contact WHERE import_batch_id = :b AND version > 1',
        'its lead was worked on since the import': 'SELECT l.contact_id FROM lead l JOIN contact c ON c.id = '
        'l.contact_id WHERE c.import_batch_id = :b AND (l.version > 1 OR l.import_batch_id IS NULL '
        'OR l.import_batch_id != :b)',
        'it has notes, calls or other activity since the import': 'SELECT a.contact_id FROM activity a JOIN '
        "contact c ON c.id = a.contact_id WHERE c.import_batch_id = :b AND a.kind != 'import'",
        'it is linked to a client': 'SELECT c.id FROM client k JOIN contact c ON c.id = k.primary_contact_id '
        'WHERE c.import_batch_id = :b',
    }
    ids: dict[int, str] = {}
    for reason, sql in queries.items():
        for (cid,) in conn.execute(text(sql), {'b': batch_id}).all():
            ids.setdefault(int(cid), reason)
    if ids:
        names = dict(sqlbulk.select_ids(conn, 'SELECT id, name FROM contact WHERE id IN (:ids)', sorted(ids)))
        kept.extend(
            KeptRecord(contact_id=cid, name=names.get(cid, ''), reason=r) for cid, r in sorted(ids.items())
        )
    return set(ids)


def _revert_merges(
    conn: Connection, batch: ImportBatch, kept: list[KeptRecord]
) -> tuple[int, list[KeptRecord]]:
    merged = {int(k): v for k, v in batch.undo.get('merged', {}).items()}
    links = [tuple(link) for link in batch.undo.get('tags', {}).get('links', [])]
    if not merged and not links:
        return 0, []
    ids = sorted(set(merged) | {c for c, _ in links})
    current = {
        r[0]: (r[1], r[2])
        for r in sqlbulk.select_ids(conn, 'SELECT id, version, name FROM contact WHERE id IN (:ids)', ids)
    }
    stale = {cid for cid, info in merged.items() if cid in current and current[cid][0] != info['version']}
    m = sqlbulk.marker(conn)
    stamp = sqlbulk.when(conn, clock.now())
    reverted = 0
    for cid, info in merged.items():
        if cid not in current or cid in stale:
            continue
        fields = sorted(info['before'])
        assignments = ', '.join(f'"{f}" = {m}' for f in fields)
        prior = info.get('stamp') or {
            'updated_at': stamp,
            'updated_by_id': None,
            'version': info['version'] + 1,
        }
        conn.exec_driver_sql(
            f'UPDATE contact SET {assignments}, updated_at = {m}, updated_by_id = {m}, version = {m} WHERE id = {m}',
            (
                *[info['before'][f] for f in fields],
                prior['updated_at'],
                prior['updated_by_id'],
                prior['version'],
                cid,
            ),
        )
        reverted += 1
    removable = [(c, t) for c, t in links if c in current and c not in stale]
    if removable:
        conn.exec_driver_sql(f'DELETE FROM contacttag WHERE contact_id = {m} AND tag_id = {m}', removable)
    fresh = [cid for cid in merged if cid in current and cid not in stale]
    _drop_merge_activities(conn, batch.id, fresh)
    if fresh:
        reindex_rows(conn, fresh)
    kept_merged = [KeptRecord(contact_id=cid, name=current[cid][1], reason=_EDITED) for cid in sorted(stale)]
    return reverted, kept_merged


def _drop_merge_activities(conn: Connection, batch_id: int, contact_ids: list[int]) -> None:
    rows = sqlbulk.select_ids(
        conn, "SELECT id, data FROM activity WHERE kind = 'import' AND contact_id IN (:ids)", contact_ids
    )
    ids = [r[0] for r in rows if sqlbulk.from_json(r[1]).get('batch_id') == batch_id]
    if ids:
        sqlbulk.run_ids(conn, 'DELETE FROM activity WHERE id IN (:ids)', ids)


def _drop_unused_tags(conn: Connection, tag_ids: list[int]) -> None:
    if tag_ids:
        sqlbulk.run_ids(
            conn, 'DELETE FROM tag WHERE id IN (:ids) AND id NOT IN (SELECT tag_id FROM contacttag)', tag_ids
        )
