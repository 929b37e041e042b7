"""Benchmark of working a lead, on a seeded database (bench/board.py's seed): claim contention, the reads
and writes behind the lead page, Up next, the claim-expiry sweep, convert suggestions and the duplicate
check of the New lead dialog.

Run: .venv/bin/python bench/lead_work.py [--leads 10000] [--clients 5000]
Targets: every lead-page read or write ≤ 20 ms median; 20 simultaneous claims resolved ≤ 1 s with exactly
one winner; sweeping 1,000 lapsed claims ≤ 2 s; convert suggestions ≤ 150 ms at 5,000 clients.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / 'bench')]

from board import seed_database  # noqa: E402
from sqlalchemy import insert, select, update  # noqa: E402

from models import Client, Contact, Lead  # noqa: E402
from services import claims, clock, convert, db, duplicates, lead_view, lead_work, users  # noqa: E402
from services.errors import Conflict  # noqa: E402


def median_ms(fn, runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pool_leads(n: int) -> list[int]:
    with db.session() as s:
        return list(
            s.execute(
                select(Lead.id).where(Lead.owner_id.is_(None), Lead.claimed_by_id.is_(None)).limit(n)
            ).scalars()
        )


def _ascii_email(lead_id: int) -> bool:
    # the seed spells some emails with accents, which the edit form (rightly) refuses as invalid
    with db.session() as s:
        lead = s.get(Lead, lead_id)
        return s.get(Contact, lead.contact_id).email.isascii()


def contention(lead_id: int, callers: list) -> tuple[float, int, int]:
    barrier = threading.Barrier(len(callers))
    wins, refusals = [], []

    def claim(user) -> None:
        barrier.wait()
        try:
            claims.claim_lead(actor=user, lead_id=lead_id)
            wins.append(user.id)
        except Conflict:
            refusals.append(user.id)

    threads = [threading.Thread(target=claim, args=(u,)) for u in callers]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (time.perf_counter() - start) * 1000, len(wins), len(refusals)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--leads', type=int, default=10_000)
    parser.add_argument('--clients', type=int, default=5_000)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix='bench-lead-work-')) / 'leadboard.db'
    url = f'sqlite:///{path}'
    started = time.perf_counter()
    admin = seed_database(url, args.leads)
    with db.session() as s:
        s.execute(
            insert(Client),
            [
                {'name': f'Client {i} Holdings', 'company': f'Client {i} Holdings', 'region': 'US'}
                for i in range(args.clients)
            ],
        )
        s.commit()
    callers = [
        users.create_user(
            actor=None, username=f'mgr{i}', password='bench-password-1', permissions={'manage_leads'}
        )
        for i in range(20)
    ]
    print(
        f'seeded {args.leads:,} leads and {args.clients:,} clients in {time.perf_counter() - started:.1f} s'
    )

    candidates = pool_leads(1_200)
    wall, wins, refusals = contention(candidates[0], callers)
    print(f'20 simultaneous claims of one lead: {wall:.0f} ms, {wins} winner, {refusals} refused')

    spare = iter(candidates[1:])
    print(
        f'claim (uncontended), median: {median_ms(lambda: claims.claim_lead(actor=admin, lead_id=next(spare))):.1f} ms'
    )
    lead_id = next(i for i in candidates if _ascii_email(i))
    print(
        f'lead page read (get_lead_detail), median: {median_ms(lambda: lead_view.get_lead_detail(actor=admin, lead_id=lead_id)):.1f} ms'
    )
    print(
        f'Up next, View All Leads, median: {median_ms(lambda: lead_view.up_next(actor=admin, current_lead_id=lead_id)):.1f} ms'
    )
    print(
        f'Up next, a manager (own + pool), median: {median_ms(lambda: lead_view.up_next(actor=callers[1], current_lead_id=lead_id)):.1f} ms'
    )

    detail = lead_view.get_lead_detail(actor=admin, lead_id=lead_id)
    versions = {'contact': detail.contact.version, 'lead': detail.lead.version}
    values = {f: getattr(detail.contact, f) for f in ('name', 'email', 'phone', 'company')}
    counter = iter(range(10_000))

    def save() -> None:
        result = lead_work.save_lead_fields(
            actor=admin,
            lead_id=lead_id,
            values=values | {'job_title': f'Title {next(counter)}'},
            contact_version=versions['contact'],
            lead_version=versions['lead'],
        )
        versions['contact'] += 1
        versions['lead'] = result.version

    print(f'save the edit form (diff + activity), median: {median_ms(save):.1f} ms')
    at = clock.now() + timedelta(days=1)
    print(
        f'log a call with next call, median: {median_ms(lambda: lead_work.log_call(actor=admin, lead_id=lead_id, outcome="talked", note="ok", next_call_at=at)):.1f} ms'
    )

    lapsed = candidates[100:1_100]
    with db.session() as s:
        s.execute(
            update(Lead)
            .where(Lead.id.in_(lapsed))
            .values(
                claimed_by_id=admin.id,
                claimed_at=clock.now(),
                claim_expires_at=clock.now() - timedelta(minutes=1),
            )
        )
        s.commit()
    start = time.perf_counter()
    swept = claims.sweep_expired_claims()
    print(f'sweep {len(swept):,} lapsed claims: {(time.perf_counter() - start) * 1000:.0f} ms')
    print(f'sweep with nothing lapsed, median: {median_ms(claims.sweep_expired_claims, 10):.1f} ms')

    target = candidates[1_150]
    print(
        f'convert suggestions (no query), median: {median_ms(lambda: convert.suggest_clients(actor=admin, lead_id=target), 10):.1f} ms'
    )
    print(
        f'convert suggestions (query "client 42"), median: {median_ms(lambda: convert.suggest_clients(actor=admin, lead_id=target, query="client 42"), 10):.1f} ms'
    )
    print(
        f'duplicate check before create, median: {median_ms(lambda: duplicates.find_matches(actor=admin, name="Ana Silva", email="new@example.com", phone="+1 555 000 0042", company="Acme Roofing 5")):.1f} ms'
    )
    db.dispose()


if __name__ == '__main__':
    main()
