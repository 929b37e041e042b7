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

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph '
    'Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Ashley '
    'Donald Kimberly Steven Emily Andrew Donna Paul Michelle Joshua Carol Kenneth Amanda Kevin Melissa Brian '
    'Deborah George Stephanie Timothy Rebecca Ronald Sharon Jason Laura Edward Cynthia Jeffrey Dorothy Ryan '
    'Amy Jacob Kathleen Gary Angela Nicholas Shirley Eric Emma Jonathan Brenda Stephen Pamela Larry Nicole '
    'Justin Anna Scott Samantha Brandon Katherine Benjamin Christine Samuel Debra Gregory Rachel Alexander '
    'Carolyn Frank Janet Patrick Maria Raymond Olivia Jack Heather Dennis Helen José Zoë François Søren '
    'Ana María Łukasz Chloé'
)
LAST = _words(
    'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson '
    'Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis '
    'Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall '
    'Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins '
    'Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly '
    'Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes '
    'Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jiménez Müller Østergaard Dubois'
)
WORDS = _words(
    'Acme Apex Blue Bright Cedar Summit North Harbor Pioneer Vertex Quantum Silver Golden Maple River Stone '
    'Oak Pine Falcon Eagle Atlas Nova Orbit Prime Crest Delta Echo Lumen Zenith Horizon Granite Iron Coastal '
    'Metro Urban Valley Peak Alpine Sterling Liberty Union Pacific Atlantic Northern Southern Western Eastern '
    'Global United Royal Sun Moon Star Cloud Swift Rapid Smart Clear True Bold Keystone Redwood'
)
SUFFIX = ('Inc', 'LLC', 'Ltd', 'Corp', 'Group', 'Partners', 'Co', 'Solutions', 'Labs', 'Systems')
CITIES = [
    ('Austin', 'TX'),
    ('Denver', 'CO'),
    ('Seattle', 'WA'),
    ('Boston', 'MA'),
    ('Chicago', 'IL'),
    ('Miami', 'FL'),
    ('Portland', 'OR'),
    ('Toronto', 'ON'),
    ('Vancouver', 'BC'),
    ('Phoenix', 'AZ'),
]
STATUS = (
    'Open - Not Contacted',
    'Working - Contacted',
    'Qualified',
    'Closed - Converted',
    'Closed - Not Converted',
    'NEW',
    'ATTEMPTED_TO_CONTACT',
    'IN_PROGRESS',
    '',
)
SOURCE = ('Web', 'Referral', 'LinkedIn', 'Cold Call', 'Trade Show', 'Email', 'Partner Referral', '')
HEADER = [
    'First Name',
    'Last Name',
    'Email',
    'Phone',
    'Company',
    'Title',
    'City',
    'State',
    'Country',
    'Lead Status',
    'Lead Source',
    'Tags',
    'Next Call',
    'Notes',
]


def people(n: int, seed: int, id_offset: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = np.array(FIRST, dtype=object)[rng.integers(0, len(FIRST), n)]
    last = np.array(LAST, dtype=object)[rng.integers(0, len(LAST), n)]
    serial = np.arange(id_offset, id_offset + n).astype(str)
    domains = np.array(
        ['gmail.com', 'outlook.com', 'yahoo.com', 'acme.io', 'mail.ca', 'example.org'], dtype=object
    )
    email = (
        pd.Series(first).str.lower().str.normalize('NFKD').str.encode('ascii', 'ignore').str.decode('ascii')
        + '.'
        + pd.Series(last).str.lower().str.normalize('NFKD').str.encode('ascii', 'ignore').str.decode('ascii')
        + serial
        + '@'
        + domains[rng.integers(0, len(domains), n)]
    )
    digits = (2_000_000_000 + (np.arange(id_offset, id_offset + n) * 7919) % 7_999_999_999).astype(str)
    fmt = rng.integers(0, 5, n)
    d = pd.Series(digits)
    phone = np.select(
        [fmt == 0, fmt == 1, fmt == 2, fmt == 3],
        [
            '(' + d.str[:3] + ') ' + d.str[3:6] + '-' + d.str[6:],
            d.str[:3] + '.' + d.str[3:6] + '.' + d.str[6:],
            '+1 ' + d.str[:3] + ' ' + d.str[3:6] + ' ' + d.str[6:],
            d,
        ],
        '1-' + d.str[:3] + '-' + d.str[3:6] + '-' + d.str[6:],
    )
    phone = np.where(rng.random(n) < 0.1, '', phone)
    email = np.where((phone != '') & (rng.random(n) < 0.08), '', email)
    words = np.array(WORDS, dtype=object)
    company = (
        words[rng.integers(0, len(words), n)]
        + ' '
        + words[rng.integers(0, len(words), n)]
        + ' '
        + np.array(SUFFIX, dtype=object)[rng.integers(0, len(SUFFIX), n)]
    )
    city_idx = rng.integers(0, len(CITIES), n)
    tags = np.array(['', '', 'vip', 'hot; newsletter', 'partner', 'cold'], dtype=object)[
        rng.integers(0, 6, n)
    ]
    next_call = np.where(
        rng.random(n) < 0.3,
        pd.Series(
            pd.Timestamp('2026-12-01') + pd.to_timedelta(rng.integers(0, 90 * 24, n), unit='h')
        ).dt.strftime('%m/%d/%Y %H:%M'),
        '',
    )
    notes = np.where(rng.random(n) < 0.15, 'Asked for a call back, "after lunch", re: pricing, tier 2', '')
    return pd.DataFrame(
        {
            'First Name': first,
            'Last Name': last,
            'Email': email,
            'Phone': phone,
            'Company': company,
            'Title': np.array(['CEO', 'CTO', 'Buyer', 'Manager', 'Owner', ''], dtype=object)[
                rng.integers(0, 6, n)
            ],
            'City': [CITIES[i][0] for i in city_idx],
            'State': [CITIES[i][1] for i in city_idx],
            'Country': np.where(np.isin(city_idx, [7, 8]), 'Canada', 'USA'),
            'Lead Status': np.array(STATUS, dtype=object)[rng.integers(0, len(STATUS), n)],
            'Lead Source': np.array(SOURCE, dtype=object)[rng.integers(0, len(SOURCE), n)],
            'Tags': tags,
            'Next Call': next_call,
            'Notes': notes,
        }
    )


def plant_duplicates(
    frame: pd.DataFrame, existing: pd.DataFrame | None, seed: int, share: float = 0.02
) -> pd.DataFrame:
    """~share of rows become duplicates: of existing contacts (email case / phone format) and inside the file."""
    rng = np.random.default_rng(seed)
    n = len(frame)
    k = int(n * share)
    out = frame.copy()
    targets = rng.choice(n, k, replace=False)
    half = k // 2 if existing is not None else 0
    if half:
        sources = existing.iloc[rng.choice(len(existing), half, replace=False)]
        rows = targets[:half]
        out.loc[rows, 'Email'] = sources['Email'].str.upper().values
        out.loc[rows, 'First Name'] = sources['First Name'].values
        out.loc[rows, 'Last Name'] = sources['Last Name'].values
    rows = targets[half:]
    twins = rng.integers(0, n, len(rows))
    out.loc[rows, 'Phone'] = out.loc[twins, 'Phone'].values
    out.loc[rows, 'Email'] = out.loc[twins, 'Email'].values
    return out


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
    from services.importer import run_import

    logging.basicConfig(level=logging.INFO, format='  %(message)s', stream=sys.stderr)

    bootstrap.prepare_database(db_url)
    started = time.perf_counter()
    report = run_import(actor=None, path=Path(csv_path), filename=Path(csv_path).name)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                'seconds': seconds,
                'peak_mb': peak_mb,
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
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
