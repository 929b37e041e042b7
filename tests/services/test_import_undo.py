"""All or nothing, cancel, and Undo import restoring the exact prior state."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from services import db, importer
from services.errors import Conflict, Forbidden

TABLES = ('contact', 'lead', 'tag', 'contacttag', 'activity', 'duplicateflag', 'contact_search')


def snapshot() -> dict[str, list[tuple]]:
    with db.engine().connect() as conn:
        return {
            t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM {t}')).all()), key=repr) for t in TABLES
        }


def _csv(tmp_path: Path, body: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding='utf-8')
    return path


@pytest.fixture
def base(admin, tmp_path) -> Path:
    path = _csv(
        tmp_path,
        'Name,Email,Phone,Company,City,Tags,Notes\n'
        'Ana Lopez,ana@ex.example,415 555 0100,Acme,,vip,first\n'
        'Bo Berg,bo@ex.example,,Beta,Oslo,,\n',
        'base.csv',
    )
    importer.run_import(actor=admin, path=path, filename='base.csv')
    return path


SECOND = (
    'Name,Email,Phone,Company,City,Job Title,Tags,Notes\n'
    'Ana L,ANA@ex.example,,Other,Lisbon,CEO,"hot, new-tag",second\n'
    'Cy Dee,cy@ex.example,415 555 0177,Acme,,,,\n'
    'Ann Other,ann@other.example,415 555 0100,,,,,\n'
    'Bad,not-an-email,,,,,,\n'
)


def test_undo_restores_the_exact_prior_state(admin, base, tmp_path):
    before = snapshot()
    report = importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    assert (report.created, report.merged, report.flagged, len(report.rejected)) == (1, 1, 1, 1)
    assert snapshot() != before
    result = importer.undo_import(actor=admin, batch_id=report.batch_id)
    assert (result.removed_contacts, result.reverted, result.kept) == (2, 1, [])
    assert snapshot() == before
    assert importer.get_batch(actor=admin, batch_id=report.batch_id).status == 'undone'
    with pytest.raises(Conflict, match='already undone'):
        importer.undo_import(actor=admin, batch_id=report.batch_id)


def test_undo_leaves_records_edited_since_alone_and_says_which(admin, base, tmp_path):
    report = importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    with db.engine().begin() as conn:
        conn.execute(
            text("UPDATE contact SET city = 'Madrid', version = version + 1 WHERE name = 'Ana Lopez'")
        )
        conn.execute(
            text("UPDATE contact SET job_title = 'CTO', version = version + 1 WHERE name = 'Cy Dee'")
        )
    result = importer.undo_import(actor=admin, batch_id=report.batch_id)
    assert sorted((k.name, k.reason) for k in result.kept) == [
        ('Ana Lopez', 'edited since the import'),
        ('Cy Dee', 'edited since the import'),
    ]
    with db.engine().connect() as conn:
        names = {r[0]: r[1] for r in conn.execute(text('SELECT name, city FROM contact')).all()}
    assert names == {'Ana Lopez': 'Madrid', 'Bo Berg': 'Oslo', 'Cy Dee': ''}  # Ann removed, edits kept


def test_a_cancelled_import_leaves_no_trace(admin, base, tmp_path):
    before = snapshot()
    cancel = threading.Event()
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done:
            cancel.set()  # the user presses Cancel once rows are being written

    with pytest.raises(importer.ImportCancelled):
        importer.run_import(
            actor=admin,
            path=_csv(tmp_path, SECOND, 's.csv'),
            filename='s.csv',
            progress=progress,
            cancel=cancel,
        )
    assert seen and snapshot() == before
    with db.engine().connect() as conn:
        assert conn.execute(text('SELECT count(*) FROM importbatch')).scalar() == 1


def test_a_crash_mid_write_rolls_everything_back(admin, base, tmp_path, monkeypatch):
    from services.importer import write

    before = snapshot()

    def boom(*args, **kwargs):
        raise RuntimeError('disk full')

    monkeypatch.setattr(write, 'flag_tuples', boom)
    with pytest.raises(RuntimeError, match='disk full'):
        importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    assert snapshot() == before


def test_a_crash_on_the_writer_thread_rolls_everything_back(admin, base, tmp_path, monkeypatch):
    from services.importer import writer

    before = snapshot()
    run_all = writer._run_all

    def run_then_fail(conn, statements):
        run_all(conn, statements)  # the rows are in the tables when it fails
        raise RuntimeError('disk full')

    with monkeypatch.context() as patched, pytest.raises(RuntimeError, match='disk full'):
        patched.setattr(writer, '_run_all', run_then_fail)
        importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    assert snapshot() == before
    # the connection went back to the pool clean: the next import works and leaves no staging table
    report = importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    assert (report.created, report.merged, report.flagged) == (1, 1, 1)
    with db.engine().connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM sqlite_temp_master WHERE type = 'table'")).scalar() == 0
        )


def test_only_the_importer_or_an_admin_may_undo(admin, make_user, tmp_path):
    ana = make_user('ana', {'create_leads'})
    bo = make_user('bo', {'create_leads'})
    report = importer.run_import(actor=ana, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    with pytest.raises(Forbidden):
        importer.undo_import(actor=bo, batch_id=report.batch_id)
    assert importer.undo_import(actor=admin, batch_id=report.batch_id).removed_contacts == 3


def test_the_board_filter_shows_the_leads_of_one_import(admin, base, tmp_path):
    from services import board
    from services.board_query import BoardFilter

    report = importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    assert BoardFilter(batch=str(report.batch_id)).as_query() == [('import', str(report.batch_id))]
    with db.engine().connect() as conn:
        expected = conn.execute(
            text('SELECT count(*) FROM lead WHERE import_batch_id = :b'), {'b': report.batch_id}
        ).scalar()
    assert expected == 2
    assert sum(board.counts(actor=admin, filters=BoardFilter(batch=report.batch_id)).values()) == expected


def test_an_imported_person_s_timeline_starts_with_the_import(admin, base):
    from models import Contact
    from services import activities

    with db.session() as s:
        ana = s.exec(Contact.__table__.select().where(Contact.email == 'ana@ex.example')).first()
    entries = activities.timeline(contact_id=ana.id)
    assert entries[-1].summary == 'Imported from base.csv'
    assert entries[-1].actor_name == 'Ada Admin'


def _stored() -> list:
    """What an import leaves, without ids: contacts, their leads, tags and flags."""
    with db.engine().connect() as conn:
        return [
            conn.execute(
                text(
                    'SELECT c.name, c.email, c.email_norm, c.phone, c.phone_e164, c.secondary_emails, c.notes, '
                    'c.company, c.city, c.version, l.stage_id, l.source, l.next_call_at, l.converted_at IS NULL '
                    'FROM contact c LEFT JOIN lead l ON l.contact_id = c.id ORDER BY c.name, l.id'
                )
            ).all(),
            conn.execute(
                text(
                    'SELECT c.name, t.name FROM contacttag ct JOIN contact c ON c.id = ct.contact_id '
                    'JOIN tag t ON t.id = ct.tag_id ORDER BY 1, 2'
                )
            ).all(),
            conn.execute(
                text(
                    'SELECT a.name, b.name, f.reason, f.score FROM duplicateflag f JOIN contact a '
                    'ON a.id = f.contact_id JOIN contact b ON b.id = f.other_contact_id ORDER BY 1, 2'
                )
            ).all(),
        ]


def test_the_generic_write_path_stores_what_the_sqlite_path_stores(admin, base, tmp_path, monkeypatch):
    """PostgreSQL takes the plain executemany path (no staging, ids read back): same result."""
    from services.importer import write

    path = _csv(tmp_path, SECOND, 's.csv')
    with monkeypatch.context() as patched:
        patched.setattr(write, '_write_staged', write._write_direct)
        direct = importer.run_import(actor=admin, path=path, filename='s.csv')
    stored = _stored()
    importer.undo_import(actor=admin, batch_id=direct.batch_id)
    staged = importer.run_import(actor=admin, path=path, filename='s.csv')
    assert _stored() == stored
    counts = ('created', 'merged', 'skipped', 'flagged')
    assert [getattr(staged, c) for c in counts] == [getattr(direct, c) for c in counts]
    assert stored[1] and stored[2]  # the file does link tags and flag a possible duplicate


def _indexes() -> set[tuple[str, str]]:
    with db.engine().connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('contact', 'lead')"
            )
        ).all()
    return {(r[0], r[1]) for r in rows}


def test_an_import_that_doubles_the_tables_builds_their_indexes_after_the_rows(admin, tmp_path, monkeypatch):
    from services.importer import write

    monkeypatch.setattr(write, 'DEFER_MIN_ROWS', 0)  # as a big import into a small database does
    indexes = _indexes()
    assert len(indexes) > 5
    report = importer.run_import(actor=admin, path=_csv(tmp_path, SECOND, 's.csv'), filename='s.csv')
    assert report.created + report.flagged == 3
    assert _indexes() == indexes
    with db.engine().connect() as conn:
        found = conn.execute(
            text('SELECT count(*) FROM contact_search WHERE contact_search MATCH \'"cy dee"\'')
        )
        assert found.scalar() == 1
        # the rebuilt index is used and complete
        by_email = conn.execute(text("SELECT name FROM contact WHERE email_norm = 'cy@ex.example'")).all()
        assert [r[0] for r in by_email] == ['Cy Dee']

    def boom(*args, **kwargs):
        raise RuntimeError('disk full')

    # a failing import of more new people than there are now leaves the indexes as they were
    more = 'Name,Email\n' + ''.join(f'P{i} Q,p{i}@ex.example\n' for i in range(8))
    before = snapshot()
    monkeypatch.setattr(write, 'flag_tuples', boom)
    with pytest.raises(RuntimeError, match='disk full'):
        importer.run_import(actor=admin, path=_csv(tmp_path, more, 't.csv'), filename='t.csv')
    assert snapshot() == before and _indexes() == indexes


def test_a_big_file_is_parsed_before_the_import_takes_the_write_lock(admin, base, tmp_path, monkeypatch):
    from services.importer import run

    monkeypatch.setattr(run, '_OVERLAP_BYTES', 0)  # every file counts as big
    path = _csv(tmp_path, SECOND, 's.csv')
    before = snapshot()
    dry = importer.run_import(actor=admin, path=path, filename='s.csv', dry_run=True)
    assert snapshot() == before
    report = importer.run_import(actor=admin, path=path, filename='s.csv')
    counts = ('created', 'merged', 'flagged', 'skipped')
    assert [getattr(report, c) for c in counts] == [getattr(dry, c) for c in counts] == [1, 1, 1, 0]
    assert len(report.rejected) == 1 and report.batch_id is not None
