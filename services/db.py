"""The engine, the unit-of-work session and SQLite's pragmas. Configured once by the composition root."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

_engines: dict[str, Engine] = {}
_current: list[str] = []


def configure(url: str) -> Engine:
    """Make `url` the database of this process (re-configuring to the same URL reuses the engine)."""
    if url not in _engines:
        _engines[url] = _create(url)
    _current[:] = [url]
    return _engines[url]


def engine() -> Engine:
    if not _current:
        raise RuntimeError('database not configured: call services.db.configure(url) first')
    return _engines[_current[0]]


def is_sqlite() -> bool:
    return engine().dialect.name == 'sqlite'


@contextmanager
def session() -> Iterator[Session]:
    with Session(engine(), expire_on_commit=False) as s:
        yield s


def dispose() -> None:
    for e in _engines.values():
        e.dispose()
    _engines.clear()
    _current.clear()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != 'sqlite':
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ':memory:':
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    eng = create_engine(url, connect_args={'check_same_thread': False, 'timeout': 30})

    @event.listens_for(eng, 'connect')
    def _pragmas(dbapi_connection, _record) -> None:
        # WAL lets readers work while the importer writes; busy_timeout makes writers queue, not fail
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA foreign_keys=ON')
        cursor.execute('PRAGMA busy_timeout=30000')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.close()

    return eng
