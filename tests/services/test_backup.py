"""Backup while the app writes: the copy opens and passes PRAGMA integrity_check."""

import sqlite3
import threading

import pytest

from services import backup
from services.errors import Forbidden
from tests.services.contact_factory import add_contact


def test_backup_taken_during_writes_is_consistent(admin, tmp_path) -> None:
    for i in range(200):
        add_contact(f'Before {i}', email=f'before{i}@example.com')
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        i = 0
        while not stop.is_set():
            written.append(add_contact(f'During {i}', email=f'during{i}@example.com'))
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        targets = [backup.backup_to(tmp_path / f'copy{k}.db') for k in range(3)]
    finally:
        stop.set()
        thread.join()
    assert written, 'the writer ran during the backups'
    for target in targets:
        con = sqlite3.connect(target)
        try:
            assert con.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
            count = con.execute('SELECT count(*) FROM contact').fetchone()[0]
            assert 200 <= count <= 200 + len(written)
            assert con.execute('SELECT count(*) FROM user').fetchone()[0] == 1
        finally:
            con.close()


def test_download_backup_is_for_admins(admin, make_user, tmp_path) -> None:
    ana = make_user('ana', {'create_leads'})
    with pytest.raises(Forbidden):
        backup.download_backup(actor=ana, backups_dir=tmp_path)
    path = backup.download_backup(actor=admin, backups_dir=tmp_path)
    assert path.exists() and path.name.startswith('leadboard-backup-')


def test_backup_refuses_to_overwrite_the_database_itself(admin, database) -> None:
    with pytest.raises(Exception, match='must not be the database'):
        backup.backup_to(database / 'leadboard.db')


def test_backup_command_writes_a_checked_copy(admin, database, tmp_path) -> None:
    from tests.services.test_cli import run

    add_contact('Ann Lee', email='ann@lee.com')
    result = run('backup', str(tmp_path / 'out.db'), data_dir=database)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(tmp_path / 'out.db')
    assert con.execute('SELECT name FROM contact').fetchall() == [('Ann Lee',)]
    con.close()
    bad = run('backup', str(tmp_path), data_dir=database)
    assert bad.returncode == 2 and 'is a folder' in bad.stderr
