"""Benchmark of the pipeline and tag settings on a big database: the Settings → Pipeline overview (lead
counts per stage), deleting a stage that holds many leads (move + one activity per lead + delete, one
transaction), and merging and deleting a tag carried by many contacts.

Run: .venv/bin/python bench/settings_changes.py [--leads 10000 100000]
Targets: overview ≤ 100 ms; delete of a stage with 20 % of all leads ≤ 2 s at 100,000 leads.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from models import Activity, Contact, ContactTag, Lead, UserRead  # noqa: E402
from services import bootstrap, db, stages, tags, users  # noqa: E402


def seed(n: int) -> UserRead:
    admin = users.create_first_admin(
        username='bench', display_name='Bench Admin', password='bench-password-1'
    )
    by_key = {st.key: st.id for st in stages.list_stages()}
    spread = [by_key[k] for k in ('NOT_CONTACTED', 'CONTACTED', 'QUALIFIED', 'QUALIFIED', 'LOST')]
    vip = tags.create_tag(actor=admin, name='VIP')
    hot = tags.create_tag(actor=admin, name='Hot')
    with db.session() as s:
        for start in range(0, n, 10_000):
            ids = range(start + 1, min(n, start + 10_000) + 1)
            s.execute(
                insert(Contact),
                [
                    {
                        'id': i,
                        'name': f'Person {i}',
                        'email': f'p{i}@example.com',
                        'region': 'US' if i % 3 else 'CA',
                        'secondary_emails': [],
                        'secondary_phones': [],
                    }
                    for i in ids
                ],
            )
            s.execute(insert(Lead), [{'contact_id': i, 'stage_id': spread[i % len(spread)]} for i in ids])
            s.execute(
                insert(ContactTag),
                [{'contact_id': i, 'tag_id': vip.id if i % 2 else hot.id} for i in ids if i % 4 < 2],
            )
        s.commit()
    with db.engine().connect() as con:
        con.exec_driver_sql('ANALYZE')
    return admin


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    best, result = float('inf'), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bootstrap.prepare_database(f'sqlite:///{Path(tmp) / "bench.db"}')
        admin = seed(n)
        print(f'\n{n:,} leads')
        ms, overview = timed(lambda: stages.pipeline_overview(actor=admin), repeat=5)
        print(f'  pipeline overview (counts per stage)      {ms:8.1f} ms')
        ms, _ = timed(lambda: stages.pipeline_overview(actor=admin, region='CA'), repeat=5)
        print(f'  pipeline overview for region CA           {ms:8.1f} ms')
        qualified = next(st for st in overview if st.key == 'QUALIFIED')
        contacted = next(st for st in overview if st.key == 'CONTACTED')
        ms, done = timed(
            lambda: stages.delete_stage(actor=admin, stage_id=qualified.id, move_to_id=contacted.id)
        )
        print(f'  delete stage, moving {done.moved:>7,} leads         {ms:8.1f} ms')
        with db.session() as s:
            logged = s.scalar(select(func.count()).select_from(Activity))
            leads = s.scalar(select(func.count()).select_from(Lead))
        assert leads == n and logged == done.moved, (leads, logged, done.moved)
        ms, usage = timed(lambda: tags.tag_overview(actor=admin), repeat=5)
        print(f'  tag overview (usage per tag)              {ms:8.1f} ms')
        vip, hot = sorted(usage, key=lambda t: t.name, reverse=True)
        ms, _ = timed(lambda: tags.merge_tags(actor=admin, source_id=hot.id, target_id=vip.id))
        print(f'  merge tag carried by {hot.usage:>7,} records       {ms:8.1f} ms')
        ms, gone = timed(lambda: tags.delete_tag(actor=admin, tag_id=vip.id))
        print(f'  delete tag carried by {gone.removed_from:>7,} records      {ms:8.1f} ms')
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--leads', type=int, nargs='+', default=[10_000, 100_000])
    for n in parser.parse_args().leads:
        run(n)


if __name__ == '__main__':
    main()
