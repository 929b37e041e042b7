"""Import benchmark: a seeded, realistic CSV (~2 % planted duplicates) imported end to end.

    python bench/import.py                 # 100,000 rows into a database already holding 100,000 contacts
    python bench/import.py --million       # … and 1,000,000 rows (time and peak memory, in a child process)

Prints the import time beside the floor (pandas.read_csv of the same file + a bare sqlite3 executemany of its
rows into an unindexed table) and their ratio, the figure we track.
"""

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_data import people, plant_duplicates  # noqa: E402


def floor_seconds(csv_path: Path, work: Path) -> float:
    started = time.perf_counter()
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    (work / 'floor.db').unlink(missing_ok=True)
    con = sqlite3.connect(work / 'floor.db')
    cols = ', '.join(f'c{i}' for i in range(len(frame.columns)))
    con.execute(f'CREATE TABLE t ({cols})')
    con.executemany(
        f'INSERT INTO t VALUES ({", ".join("?" * len(frame.columns))})',
        frame.itertuples(index=False, name=None),
    )
    con.commit()
    con.close()
    return time.perf_counter() - started


def child_import(db_url: str, csv_path: str) -> None:
    """Runs in a child process so its peak memory is the import's own."""
    import logging

    from services import bootstrap
    from services.importer import run, run_import

    logging.basicConfig(level=logging.INFO, format='  %(message)s', stream=sys.stderr)

    bootstrap.prepare_database(db_url)
    started = time.perf_counter()
    report = run_import(actor=None, path=Path(csv_path), filename=Path(csv_path).name)
    seconds = time.perf_counter() - started
    # the import's own peak: ru_maxrss would also count this benchmark's parent (vfork + exec)
    peak_mb = run.peak_mb()
    inherited_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                'seconds': seconds,
                'peak_mb': peak_mb,
                'ru_maxrss_mb': inherited_mb,
                'created': report.created,
                'merged': report.merged,
                'flagged': report.flagged,
                'rejected': len(report.rejected),
                'rows': report.rows,
            }
        )
    )


def timed_import(db_path: Path, csv_path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, '--child', f'sqlite:///{db_path}', str(csv_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in out.stderr.splitlines():
        if 'imported' in line:
            print(line)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--rows', type=int, default=100_000)
    parser.add_argument('--existing', type=int, default=100_000)
    parser.add_argument('--million', action='store_true')
    parser.add_argument('--child', nargs=2)
    args = parser.parse_args()
    if args.child:
        child_import(*args.child)
        return
    work = Path(tempfile.mkdtemp(prefix='leadboard-bench-'))
    try:
        print(f'work dir {work}; {os.cpu_count()} cores')
        base = people(args.existing, seed=1, id_offset=0)
        base_csv = work / 'existing.csv'
        base.to_csv(base_csv, index=False)
        db_path = work / 'bench.db'
        seeded = timed_import(db_path, base_csv)
        print(f'seeded database: {seeded["created"]:,} contacts in {seeded["seconds"]:.2f} s')
        template = work / 'template.db'
        shutil.copyfile(db_path, template)

        incoming = plant_duplicates(people(args.rows, seed=2, id_offset=10_000_000), base, seed=3)
        csv_path = work / 'incoming.csv'
        incoming.to_csv(csv_path, index=False)
        floor = floor_seconds(csv_path, work)
        result = timed_import(db_path, csv_path)
        print(
            f'import {result["rows"]:,} rows into {args.existing:,} contacts: {result["seconds"]:.2f} s '
            f'(created {result["created"]:,}, merged {result["merged"]:,}, flagged {result["flagged"]:,}, '
            f'rejected {result["rejected"]:,}; peak {result["peak_mb"]:.0f} MB)'
        )
        print(f'floor (pandas.read_csv + sqlite3 executemany, unindexed): {floor:.2f} s')
        print(f'ratio import/floor: {result["seconds"] / floor:.1f}x   (targets: <= 5 s, <= 5x)')

        if args.million:
            shutil.copyfile(template, db_path)
            big = plant_duplicates(people(1_000_000, seed=4, id_offset=20_000_000), base, seed=5)
            big_csv = work / 'million.csv'
            big.to_csv(big_csv, index=False)
            del big
            floor = floor_seconds(big_csv, work)
            result = timed_import(db_path, big_csv)
            print(
                f'import 1,000,000 rows: {result["seconds"]:.1f} s, peak memory {result["peak_mb"]:.0f} MB '
                f'(created {result["created"]:,}, merged {result["merged"]:,}, flagged {result["flagged"]:,}); '
                f'floor {floor:.1f} s, ratio {result["seconds"] / floor:.1f}x   (targets: <= 60 s, <= 1,500 MB)'
            )
            print(
                f"  (peak = the import process's own VmHWM; its ru_maxrss, {result['ru_maxrss_mb']:.0f} MB, also counts "
                'this parent, which held the generated rows when it started the import)'
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
