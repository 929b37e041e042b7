"""A consistent copy of the database while the app runs (SQLite's online backup API).

PostgreSQL has its own tool for this: `pg_dump`."""

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from models import UserRead
from services import access, clock, db
from services.errors import Invalid

PAGES_PER_STEP = 1024  # copy in steps so writers are never blocked for long


def _source_path() -> Path:
    url = make_url(str(db.engine().url))
    if url.get_backend_name() != 'sqlite':
        raise Invalid('This database is PostgreSQL: back it up with pg_dump (see the README).')
    if not url.database or url.database == ':memory:':
        raise Invalid('An in-memory database cannot be backed up.')
    return Path(url.database)


def backup_to(path: Path) -> Path:
    """Write a consistent snapshot to `path` (replaced if it exists) and check it; returns the path."""
    source = _source_path()
    target = Path(path).expanduser().resolve()
    if target == source.resolve():
        raise Invalid('The backup file must not be the database itself.')
    if target.is_dir():
        raise Invalid(f'{target} is a folder; give a file name for the backup.')
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + '.partial')
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=PAGES_PER_STEP)
        dst.execute('PRAGMA journal_mode=DELETE')  # one self-contained file, no -wal beside it
        verdict = dst.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        dst.close()
        src.close()
    if verdict != 'ok':
        partial.unlink(missing_ok=True)
        raise Invalid(f'The backup failed its integrity check ({verdict}); nothing was written.')
    partial.replace(target)
    return target


def backup_file_name(now: datetime | None = None) -> str:
    return f'leadboard-backup-{(now or clock.now()).strftime("%Y%m%d-%H%M%S")}.db'


def download_backup(*, actor: UserRead, backups_dir: Path) -> Path:
    """Settings → General → Download backup (admins): a fresh copy in the data dir's backups folder."""
    with db.session() as s:
        access.require(s, actor, 'admin')
    return backup_to(Path(backups_dir) / backup_file_name())
