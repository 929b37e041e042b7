"""Running an import end to end in one transaction, and its dry run."""

import logging
import resource
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
from sqlmodel import Session

from models import ImportBatch, ImportMapping, UserRead
from services import clock, db, events
from services.errors import Invalid
from services.importer import sqlbulk
from services.importer.context import Progress, WriteContext
from services.importer.mapping import header_signature
from services.importer.match import POLICIES, exact_plan, load_existing, plan_duplicates, with_name_flags
from services.importer.models import ImportReport, RejectedRow, RowWarning
from services.importer.pipeline import Prepared, prepare
from services.importer.write import write_rows

log = logging.getLogger('leadboard.import')
_OVERLAP_BYTES = 32 << 20


def run_import(
    *,
    actor: UserRead | None,
    path: Path,
    filename: str,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
    status_map: dict[str, str | None] | None = None,
    source_map: dict[str, str | None] | None = None,
    on_duplicate: str = 'merge',
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Import `path` (all or nothing). `actor=None` is the command line. Raises UnusableFile (an Invalid)
    when the file can't be used, ImportCancelled when `cancel` is set before the commit."""
    if on_duplicate not in POLICIES:
        raise Invalid(f'Unknown duplicate policy "{on_duplicate}": use skip, merge or create.')
    started = time.perf_counter()
    phases = _Phases()
    with db.session() as s:

        def begin() -> ImportBatch:
            batch = ImportBatch(
                filename=filename[:255],
                created_by_id=actor.id if actor else None,
                on_duplicate=on_duplicate,
                rows=0,
                mapping={},
                created_at=clock.now(),
            )
            s.add(batch)
            s.flush()  # on SQLite this takes the write lock: the duplicate check sees a stable database
            return batch

        # small files: the write lock is taken first and the existing contacts are read on a worker thread
        # while this one parses. Big files are parsed first: their parse needs the memory more than the
        # import needs that fraction of a second, and other writers wait for the lock that much less
        overlap = Path(path).stat().st_size <= _OVERLAP_BYTES
        batch = begin() if overlap and not dry_run else None
        with ThreadPoolExecutor(1, thread_name_prefix='import-existing') as pool:
            loading = pool.submit(load_existing, s) if overlap else None
            # a failing parse waits for the read (leaving the pool does) before the session rolls back
            prepared = prepare(
                actor=actor,
                path=path,
                sheet=sheet,
                mapping=mapping,
                status_map=status_map,
                source_map=source_map,
            )
            if batch is None and not dry_run:
                batch = begin()
            existing = loading.result() if loading is not None else load_existing(s)
        accepted = prepared.rows.accepted.reset_index(drop=True)
        # the raw cells and the full normalized frame are not needed past this point: a million rows
        # stay within memory only if they go now
        prepared.parsed.frame = None
        prepared.rows.data = None
        pa.default_memory_pool().release_unused()  # the parser's buffers go back to the system
        phases.mark('parse and normalize')
        if progress is not None:
            progress(0, max(1, len(accepted)))
        if batch is None:  # the dry run
            plan = plan_duplicates(accepted, existing, on_duplicate)
            return _report(prepared, plan, None, dry_run=True, started=started)
        batch.rows, batch.mapping = prepared.parsed.rows, prepared.mapping
        plan = exact_plan(accepted, existing, on_duplicate)
        phases.mark('duplicate check')
        ctx = WriteContext(
            conn=s.connection(),
            batch_id=batch.id,
            actor_id=actor.id if actor else None,
            filename=filename,
            now=clock.now(),
            stages=prepared.settings.stage_rows,
            progress=progress,
            cancel=cancel,
        )
        sqlbulk.tune_for_bulk(ctx.conn, True)
        # the possible duplicates by name are compared while the rows are written, on one thread: the
        # writer's SQL, the longest part of an import, keeps a core of its own
        written, plan = write_rows(
            ctx, accepted, plan, finish_plan=lambda: with_name_flags(plan, accepted, existing, workers=1)
        )
        sqlbulk.tune_for_bulk(ctx.conn, False)
        phases.mark('write')
        report = _report(prepared, plan, batch.id, dry_run=False, started=started)
        batch.created, batch.merged, batch.skipped = report.created, report.merged, report.skipped
        batch.flagged, batch.rejected = report.flagged, len(report.rejected)
        batch.undo = written.undo
        batch.status = 'done'
        s.add(batch)
        _remember(s, prepared)
        ctx.step(0)  # a last chance to cancel before the commit
        s.commit()
    phases.mark('commit')
    log.info('imported %s: %s', filename, phases)
    if written.contact_ids or written.merged_ids:
        events.publish(
            events.ContactsChanged(
                contact_ids=frozenset(written.contact_ids + written.merged_ids),
                kind='import',
                actor_id=actor.id if actor else None,
            )
        )
    if written.lead_ids:
        events.publish(
            events.LeadsChanged(
                lead_ids=frozenset(written.lead_ids),
                kind='import',
                stage_ids=frozenset(written.stage_ids),
                actor_id=actor.id if actor else None,
            )
        )
    return report.model_copy(update={'seconds': round(time.perf_counter() - started, 3)})


class _Phases:
    """Seconds per step, logged for each import (the benchmark prints them)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.last
        self.peak_mb[name] = peak_mb()
        self.last = now

    def __str__(self) -> str:
        return ', '.join(
            f'{name} {sec:.2f} s (peak {self.peak_mb[name]:.0f} MB)' for name, sec in self.seconds.items()
        )


def peak_mb() -> float:
    """This process's peak resident memory. Linux: the address space's own high-water mark (VmHWM);
    ru_maxrss also counts the parent's memory when the process was started by vfork + exec."""
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _remember(s: Session, prepared: Prepared) -> None:
    signature = header_signature(prepared.parsed.headers)
    row = s.get(ImportMapping, signature)
    if row is None:
        row = ImportMapping(signature=signature)
    row.mapping = dict(prepared.mapping)
    row.updated_at = clock.now()
    s.add(row)


def _report(prepared: Prepared, plan, batch_id: int | None, *, dry_run: bool, started: float) -> ImportReport:
    rows = prepared.rows
    lines = prepared.parsed.lines
    rejected = [
        RejectedRow(row=pos + 1, line=int(lines[pos]), reasons=reasons)
        for pos, reasons in rows.reasons.items()
    ]
    return ImportReport(
        rows=prepared.parsed.rows,
        created=plan.count('create'),
        merged=plan.count('merge'),
        skipped=plan.count('skip'),
        flagged=plan.count('flag'),
        rejected=rejected,
        warnings=[RowWarning(**w) for w in rows.warnings],
        mapping=prepared.mapping,
        batch_id=batch_id,
        dry_run=dry_run,
        seconds=round(time.perf_counter() - started, 3),
    )
