"""Staged bulk inserts: rows go into a temporary table, then one INSERT … SELECT moves them into place.

Moving rows into an indexed table (and the search index) is most of an import's database work. As one
statement it runs in SQLite's C code without the GIL, on a worker thread, while the import's own thread
builds the next values (search texts, lead rows, duplicate flags by name): on two cores that Python work
hides behind the database work. Filling the unindexed temporary table is cheap. The connection is used by
one thread at a time: every direct use waits for the worker first.

Elsewhere (PostgreSQL) rows are inserted directly with executemany, in the same order.
"""

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Connection

from services.importer import sqlbulk


class Writer:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.staged = sqlbulk.is_sqlite(conn)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix='import-writer') if self.staged else None
        self._running: list[Future] = []
        self._failed = False
        self._tables: dict[str, tuple[str, ...]] = {}  # staged table → its columns
        self._deferred: list[str] = []  # CREATE INDEX statements to run once the rows are in

    @property
    def conn(self) -> Connection:
        """The connection, once the worker's statements have finished; re-raises their error."""
        while self._running:
            self._running[0].result()  # on error it stays listed: close() still waits for the rest
            self._running.pop(0)
        return self._conn

    def _submit(self, fn, *args) -> None:
        """Queue fn(conn, *args) on the worker after what is queued already (one worker: in order)."""

        def job() -> None:
            if self._failed:
                return  # an earlier statement failed: the caller rolls everything back
            try:
                fn(self._conn, *args)
            except BaseException:
                self._failed = True
                raise

        self._running.append(self._pool.submit(job))

    def add(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        """Rows for `table`: staged (moved by the next move()) on SQLite, inserted at once elsewhere."""
        conn = self.conn
        if not self.staged:
            sqlbulk.insert_many(conn, table, columns, rows)
            return
        columns = tuple(columns)
        if table not in self._tables:
            names = ', '.join(f'"{c}"' for c in columns)
            conn.exec_driver_sql(f'CREATE TEMP TABLE "import_{table}" ({names})')
            self._tables[table] = columns
        elif self._tables[table] != columns:
            raise ValueError(f'staged rows of {table} must keep the same columns')
        sqlbulk.insert_many(conn, f'import_{table}', columns, rows)

    def defer_indexes(self, table: str) -> None:
        """Drop `table`'s plain indexes until close(): when an import at least doubles a table, building
        an index once from sorted keys beats updating it row by row (a million rows: minutes → seconds).
        The exact statements are kept and run again in the same transaction; unique indexes stay."""
        if not self.staged:
            return
        conn = self.conn
        found = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        ).cursor.fetchall()
        for name, sql in found:
            if not sql.lstrip().upper().startswith('CREATE UNIQUE'):
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                self._deferred.append(sql)

    def finish(self) -> None:
        """Start building the deferred indexes on the worker (the caller's thread may go on meanwhile)."""
        if self._deferred:
            statements, self._deferred = self._deferred, []
            self._submit(_run_all, statements)

    def move(self) -> None:
        """Start moving every staged row into its table, in the order the tables were first staged."""
        if not self.staged:
            return
        self._submit(_move, dict(self._tables))

    def close(self, *, failed: bool) -> None:
        """Wait for the worker and drop the staging tables. After a failure the caller rolls back, which
        drops them too, and the first error is the one that counts."""
        if self._pool is None:
            return
        try:
            if failed:
                self._failed = True
                for future in self._running:
                    future.exception()  # never leave the worker on the connection
                return
            self.finish()
            conn = self.conn
            for table in self._tables:
                conn.exec_driver_sql(f'DROP TABLE temp."import_{table}"')
        finally:
            self._running = []
            self._pool.shutdown(wait=True)


def _move(conn: Connection, tables: dict[str, tuple[str, ...]]) -> None:
    for table, columns in tables.items():
        names = ', '.join(f'"{c}"' for c in columns)
        conn.exec_driver_sql(
            f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM temp."import_{table}"'
        )
        conn.exec_driver_sql(f'DELETE FROM temp."import_{table}"')


def _run_all(conn: Connection, statements: list[str]) -> None:
    for sql in statements:
        conn.exec_driver_sql(sql)
