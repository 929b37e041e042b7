"""The engine, the unit-of-work session and SQLite's pragmas. Configured once by the composition root."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from services.errors import Busy

# How long a write waits for SQLite's write lock. An import holds it for its whole transaction (a million
# rows: about 40 s); the UI writes from worker threads, so waiting costs nobody else anything
BUSY_TIMEOUT_S = 120.0
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
    """A unit of work. A write that found the database locked for longer than BUSY_TIMEOUT_S is refused
    as Busy (a DomainError with a message), not as a driver error."""
    with Session(engine(), expire_on_commit=False) as s:
        try:
            yield s
        except OperationalError as e:
            if 'database is locked' in str(e.orig):
                raise Busy(
                    'Not saved: another change (a large import?) kept the database busy for too long. '
                    'Nothing was changed; try again once it has finished.'
                ) from e
            raise


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
    eng = create_engine(url, connect_args={'check_same_thread': False, 'timeout': BUSY_TIMEOUT_S})

    @event.listens_for(eng, 'connect')
    def _pragmas(dbapi_connection, _record) -> None:
        # WAL lets readers work while the importer writes; busy_timeout makes writers queue, not fail
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA foreign_keys=ON')
        cursor.execute(f'PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.close()

    return eng
