"""Benchmark of the contacts table with 100,000 contacts: server-side time of one page (count + rows +
their tags, status and owner) for the views people use. Target: <= 150 ms each.

Run: .venv/bin/python bench/contacts_page.py [--contacts 100000]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from bench.dedupe_data import ContactGenerator  # noqa: E402
from models import Contact, ContactTag, Lead, Tag, User, UserRead  # noqa: E402
from services import bootstrap, contact_list, db, search, stages, users  # noqa: E402
from services.contact_filter import ContactFilter  # noqa: E402
from services.normalize import normalize_email, normalize_phone  # noqa: E402


def seed(n: int) -> UserRead:
    admin = users.create_first_admin(
        username='bench', display_name='Bench Admin', password='bench-password-1'
    )
    gen = ContactGenerator(11)
    rng = random.Random(11)
    stage_ids = [st.id for st in stages.list_stages()]
    with db.session() as s:
        tag_ids = []
        for name in ('VIP', 'Hot', 'Newsletter', 'Partner', 'Renewal'):
            tag = Tag(name=name, name_norm=name.lower())
            s.add(tag)
            s.flush()
            tag_ids.append(tag.id)
        owner_ids = [admin.id]
        for k in range(5):
            u = User(username=f'rep{k}', display_name=f'Rep {k}', password_hash='x', can_create_leads=True)
            s.add(u)
            s.flush()
            owner_ids.append(u.id)
        next_id = 1
        for start in range(0, n, 5000):
            rows, index, leads, tags = [], [], [], []
            for _ in range(min(5000, n - start)):
                p = gen.person()
                row = {
                    'id': next_id,
                    'name': p['name'],
                    'first_name': p['first_name'],
                    'last_name': p['last_name'],
                    'email': p['email'],
                    'email_norm': normalize_email(p['email']),
                    'phone': p['phone'],
                    'phone_e164': normalize_phone(p['phone']),
                    'company': p['company'],
                    'city': p['city'],
                    'source': rng.choice(['Website', 'Referral', 'LinkedIn', 'Event', '']),
                    'secondary_emails': [],
                    'secondary_phones': [],
                }
                rows.append(row)
                index.append({'id': next_id, 'body': search.document(Contact(**row))})
                if rng.random() < 0.3:
                    leads.append(
                        {
                            'contact_id': next_id,
                            'stage_id': rng.choice(stage_ids),
                            'owner_id': rng.choice(owner_ids),
                        }
                    )
                if rng.random() < 0.15:
                    tags.append({'contact_id': next_id, 'tag_id': rng.choice(tag_ids)})
                next_id += 1
            s.execute(insert(Contact), rows)
            search.index_rows(s, index)
            if leads:
                s.execute(insert(Lead), leads)
            if tags:
                s.execute(insert(ContactTag), tags)
        s.commit()
    with db.engine().connect() as con:
        con.exec_driver_sql('ANALYZE')
    return admin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--contacts', type=int, default=100_000)
    parser.add_argument('--db', help='reuse this database file (seeded on the first run)')
    args = parser.parse_args()
    path = (
        Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix='leadboard-bench-contacts-')) / 'bench.db'
    )
    fresh = not path.exists()
    bootstrap.prepare_database(f'sqlite:///{path}')
    if fresh:
        started = time.perf_counter()
        admin = seed(args.contacts)
        print(f'seeded {args.contacts:,} contacts in {time.perf_counter() - started:.1f} s ({path})')
    else:
        admin = users.authenticate(username='bench', password='bench-password-1')
        print(f'reusing {path}')
    tag_id = contact_list.facets(actor=admin).tags[0].id
    views = {
        'first page, by name': ({}, 'name', False, 1),
        'page 1,000, by name': ({}, 'name', False, 1000),
        'by company, descending': ({}, 'company', True, 1),
        'by last contacted': ({}, 'last_contacted', True, 1),
        'by status': ({}, 'status', False, 1),
        'status = Lead': ({'status': 'lead'}, 'name', False, 1),
        'status = Contact': ({'status': 'contact'}, 'name', False, 1),
        'tag filter': ({'tags': [tag_id]}, 'name', False, 1),
        'search "smith"': ({'q': 'smith'}, 'name', False, 1),
        'search "555"': ({'q': '555'}, 'name', False, 1),
        'city + source': ({'city': 'Austin', 'source': 'Website'}, 'name', False, 1),
        'never contacted': ({'contacted': 'never'}, 'name', False, 1),
        'no calls in 30 days': ({'calls_days': 30, 'calls': 'none'}, 'name', False, 1),
    }
    print(f'{"view":<28}{"median ms":>10}{"max ms":>9}{"rows":>9}')
    worst = 0.0
    for label, (filters, sort, desc, page) in views.items():
        timings = []
        for _ in range(7):
            t = time.perf_counter()
            result = contact_list.list_contacts(
                actor=admin,
                filters=ContactFilter(**filters),
                sort=sort,
                descending=desc,
                page=page,
                per_page=50,
            )
            timings.append((time.perf_counter() - t) * 1000)
        median = statistics.median(timings)
        worst = max(worst, median)
        print(f'{label:<28}{median:>10.1f}{max(timings):>9.1f}{result.total:>9,}')
    print(f'slowest view median: {worst:.1f} ms (target <= 150 ms)')


if __name__ == '__main__':
    main()
