"""SQLite bulk writes: rows are staged in temporary tables, then INSERT … SELECT statements move them
into place on a worker thread.

Moving rows into indexed tables (and the search index) is most of an import's database work. As single
statements it runs in SQLite's C code without the GIL, on the worker, while the import's own thread builds
the next values (search texts, tag links, duplicate flags by name): on two cores that Python work hides
behind the database work. Filling unindexed temporary tables is cheap. The connection is used by one
thread at a time: every direct use waits for the worker first (`Writer.conn`).
"""

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Connection


class Writer:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._pool = ThreadPoolExecutor(1, thread_name_prefix='import-writer')
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

    def stage(self, name: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        """Rows into the temporary table temp."import_<name>" (created on first use; SQLite only)."""
        conn = self.conn
        columns = tuple(columns)
        if name not in self._tables:
            names = ', '.join(f'"{c}"' for c in columns)
            conn.exec_driver_sql(f'CREATE TEMP TABLE "import_{name}" ({names})')
            self._tables[name] = columns
        elif self._tables[name] != columns:
            raise ValueError(f'staged rows of {name} must keep the same columns')
        # the driver's own executemany takes the rows as they are built: no list of a round's tuples
        marks = ', '.join(['?'] * len(columns))
        conn.connection.dbapi_connection.executemany(
            f'INSERT INTO temp."import_{name}" VALUES ({marks})', rows
        )

    def submit(self, statements: Sequence[tuple[str, tuple]]) -> None:
        """Run (sql, params) statements on the worker, after what is queued already; the caller's thread
        goes on. Staged rows are read by these statements and must not be staged again until they ran."""
        self._submit(_run_all, list(statements))

    def defer_indexes(self, table: str) -> None:
        """Drop `table`'s plain indexes until close(): when an import at least doubles a table, building
        an index once from sorted keys beats updating it row by row (a million rows: minutes → seconds).
        The exact statements are kept and run again in the same transaction; unique indexes stay."""
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
            self._submit(_run_all, [(sql, ()) for sql in statements])

    def close(self, *, failed: bool) -> None:
        """Wait for the worker and drop the staging tables. After a failure the caller rolls back, which
        drops them too, and the first error is the one that counts."""
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


def _run_all(conn: Connection, statements: list[tuple[str, tuple]]) -> None:
    for sql, params in statements:
        conn.exec_driver_sql(sql, params)
