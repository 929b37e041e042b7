"""Benchmark of the board: seeded databases of 10,000 and 100,000 leads; a real server; the time to build
/leads for a user with View All Leads (measured as the page's HTTP response time on localhost, which is the
server building the whole element tree), the board's element count, and the queries behind one search
keystroke (counts plus every column's first page, as the board runs them). The queries cover a two-letter
word ('an': the start of a word, see services/search.py), broad words (thousands of matches), two words, an
accented word, phone digits and a miss.

Run: .venv/bin/python bench/board.py [--leads 10000 100000] [--seed 7]
Targets: page ≤ 150 ms and keystroke ≤ 20 ms at 100,000 leads; ≤ ~1,500 elements per board.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from models import Contact, ContactTag, Lead, Stage, Tag, UserRead  # noqa: E402
from services import board, board_cache, bootstrap, db, search, stages, users  # noqa: E402
from services.board_query import BoardFilter  # noqa: E402

FIRST = [
    'Ana',
    'Ben',
    'Chloé',
    'Dan',
    'Eva',
    'Finn',
    'Gia',
    'Hugo',
    'Ines',
    'Jon',
    'Kai',
    'Lena',
    'Milo',
    'Nora',
    'Omar',
    'Pia',
    'Quinn',
    'Rosa',
    'Sam',
    'Tara',
    'Uma',
]
LAST = [
    'Lima',
    'Brown',
    'Roy',
    'Smith',
    'Müller',
    'García',
    'Chen',
    'Nguyen',
    'Kowalski',
    'Dubois',
    'Rossi',
    'Silva',
    'Novak',
    'Berg',
    'Ito',
    'Khan',
]
WORDS = [
    'North',
    'Blue',
    'Maple',
    'Cedar',
    'Summit',
    'Harbor',
    'Pine',
    'River',
    'Stone',
    'Iron',
    'Bright',
    'Golden',
    'Prairie',
    'Coastal',
]
KINDS = [
    'Roofing',
    'Dental',
    'Logistics',
    'Bakery',
    'Insurance',
    'Fitness',
    'Accounting',
    'Law',
    'Media',
    'Farms',
    'Motors',
]
PASSWORD = 'bench-password-1'


def seed_database(url: str, leads: int, seed: int = 7) -> UserRead:
    """A migrated database with `leads` leads (one contact each), tags, a team, and realistic call dates."""
    rng = random.Random(seed)
    bootstrap.prepare_database(url)
    admin = users.create_user(
        actor=None,
        username='bench',
        password=PASSWORD,
        display_name='Bench Admin',
        permissions={'create_leads', 'manage_leads', 'view_all_leads', 'admin'},
    )
    team = [admin.id] + [
        users.create_user(
            actor=None, username=f'caller{i}', password=PASSWORD, permissions={'create_leads'}
        ).id
        for i in range(8)
    ]
    now = datetime.now(UTC)
    with db.session() as s:
        stage_ids = list(s.execute(select(Stage.id).order_by(Stage.position)).scalars())
        tags = [
            Tag(name=n, name_norm=n.lower(), color=c)
            for n, c in (
                ('VIP', '#dc2626'),
                ('Hot', '#ea580c'),
                ('Renewal', '#0891b2'),
                ('Newsletter', '#64748b'),
            )
        ]
        s.add_all(tags)
        s.flush()
        tag_ids = [t.id for t in tags]
        for start in range(0, leads, 10_000):
            n = min(10_000, leads - start)
            contacts, index_rows = [], []
            for i in range(start, start + n):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                company = f'{rng.choice(WORDS)} {rng.choice(KINDS)} {i % 997}'
                created = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
                contact = Contact(
                    id=i + 1,
                    name=f'{first} {last}',
                    first_name=first,
                    last_name=last,
                    email=f'{first}.{last}{i}@example.com'.lower(),
                    phone=f'+1 555 {i // 10000:03d} {i % 10000:04d}',
                    company=company,
                    region='CA' if i % 3 == 0 else 'US',
                    created_at=created,
                    updated_at=created,
                )
                contacts.append(contact)
                index_rows.append({'id': contact.id, 'body': search.document(contact)})
            s.execute(insert(Contact), [_columns(c, Contact) for c in contacts])
            search.index_rows(s, index_rows)
            lead_rows, tag_rows = [], []
            for contact in contacts:
                roll = rng.random()
                next_call = None
                if roll < 0.5:
                    next_call = now + timedelta(minutes=rng.randint(-60 * 24 * 14, 60 * 24 * 30))
                lead_rows.append(
                    {
                        'id': contact.id,
                        'contact_id': contact.id,
                        'stage_id': rng.choices(stage_ids, [8, 5, 3, 2, 2])[0],
                        'owner_id': None if rng.random() < 0.15 else rng.choice(team),
                        'next_call_at': next_call,
                        'source': rng.choice(('Website', 'Referral', 'LinkedIn', 'Event')),
                        'product_type': '',
                        'lost_reason': '',
                        'created_at': contact.created_at,
                        'updated_at': contact.created_at,
                        'stage_changed_at': contact.created_at,
                        'version': 1,
                    }
                )
                for tag_id in rng.sample(tag_ids, k=rng.choice((0, 0, 1, 2))):
                    tag_rows.append({'contact_id': contact.id, 'tag_id': tag_id})
            s.execute(insert(Lead), lead_rows)
            if tag_rows:
                s.execute(insert(ContactTag), tag_rows)
        s.commit()
    with db.session() as s:
        s.connection().exec_driver_sql('ANALYZE')
        s.commit()
    return admin


def _columns(contact: Contact, model) -> dict:
    return {
        name: getattr(contact, name)
        for name in model.model_fields
        if getattr(contact, name, None) is not None
    }


def time_keystroke(actor: UserRead, query: str, stage_ids: list[int]) -> float:
    """What the board runs for one debounced keystroke: every count and every column's first page (one
    snapshot, as Board.refresh does); the shared cache is emptied first, as a new query would miss it."""
    board_cache.invalidate()
    start = time.perf_counter()
    board.load_board(
        actor=actor, filters=BoardFilter(q=query), limits=dict.fromkeys(stage_ids, board.PAGE_SIZE)
    )
    return (time.perf_counter() - start) * 1000


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process: unlike wall time, not inflated by other load on the machine."""
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def time_page(base_url: str, pid: int, cookies: dict, runs: int) -> tuple[list[float], float, int]:
    """Wall times of GET /leads, the server's CPU ms per load, and the elements on the page."""
    import httpx

    times = []
    with httpx.Client(base_url=base_url, cookies=cookies, timeout=30) as http:
        for _ in range(3):
            http.get('/leads')  # warm-up: first imports, SQLite page cache
        cpu = cpu_seconds(pid)
        for _ in range(runs):
            start = time.perf_counter()
            response = http.get('/leads')
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and response.url.path == '/leads', response.url
        cpu_ms = (cpu_seconds(pid) - cpu) * 1000 / runs
        elements = response.text.count('"tag":')
    return times, cpu_ms, elements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--leads', type=int, nargs='+', default=[10_000, 100_000])
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--runs', type=int, default=20)
    args = parser.parse_args()
    from bench.server import running_server, signed_in_cookies

    for n in args.leads:
        data_dir = Path(tempfile.mkdtemp(prefix=f'board-bench-{n}-'))
        url = f'sqlite:///{data_dir / "leadboard.db"}'
        db.configure(url)
        start = time.perf_counter()
        admin = seed_database(url, n, args.seed)
        print(f'\n{n:,} leads (seeded in {time.perf_counter() - start:.1f} s)')
        stage_ids = [st.id for st in stages.list_stages()]
        for query in ('an', 'maple', 'ana lima', 'garcía', '555 000 01', 'zzzz-nothing'):
            samples = sorted(time_keystroke(admin, query, stage_ids) for _ in range(15))
            cpu = time.process_time()
            for _ in range(15):
                time_keystroke(admin, query, stage_ids)
            cpu_ms = (time.process_time() - cpu) * 1000 / 15
            hits = sum(board.counts(actor=admin, filters=BoardFilter(q=query)).values())
            print(
                f'  search keystroke {query!r:>16}: median {statistics.median(samples):6.1f} ms, '
                f'max {samples[-1]:6.1f} ms, CPU {cpu_ms:5.1f} ms  ({hits:,} matches)'
            )
        db.dispose()
        with running_server(data_dir) as (base_url, process):
            cookies = signed_in_cookies(base_url, 'bench', PASSWORD)
            times, cpu_ms, elements = time_page(base_url, process.pid, cookies, args.runs)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f'  GET /leads (page built server-side): median {statistics.median(times):6.1f} ms, '
            f'p95 {p95:6.1f} ms over {len(times)} loads; server CPU {cpu_ms:.1f} ms per load; '
            f'{elements:,} elements on the page'
        )


if __name__ == '__main__':
    main()
