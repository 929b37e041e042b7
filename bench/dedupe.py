"""Benchmark of the duplicate scan: 100,000 seeded contacts with ~2 % planted, damaged duplicates.

Prints the scan time and recall / precision of the found pairs against the planted pairs.
Run: .venv/bin/python bench/dedupe.py [--contacts 100000] [--seed 7]
"""

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

import pandas as pd
from unidecode import unidecode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dedupe_data import ContactGenerator, typo  # noqa: E402
from services.dedupe import build_clusters, find_duplicate_pairs  # noqa: E402
from services.dedupe.names import company_key  # noqa: E402

INITIALS = 'ABCDEFGHJKLMNPRSTW'


def damaged_copy(gen: ContactGenerator, row: dict) -> tuple[dict, list[str]]:
    """Another entry of the same person, as a second source would have typed it."""
    rng = gen.rng
    copy, damage = dict(row), []
    first, last = row['first_name'], row['last_name']
    roll = rng.random()
    if roll < 0.22:
        if rng.random() < 0.5:
            first = typo(rng, first)
        else:
            last = typo(rng, last)
        damage.append('name typo')
    elif roll < 0.40 and gen.nicknames.get(first.lower()):
        first = rng.choice(gen.nicknames[first.lower()]).capitalize()
        damage.append('nickname')
    elif roll < 0.50:
        first, last = last, first
        damage.append('swapped')
    elif roll < 0.58:
        first = f'{first} {rng.choice(INITIALS)}.'
        damage.append('middle initial')
    elif roll < 0.63:
        first, last = unidecode(first), unidecode(last).upper()
        damage.append('accents/case')
    copy['first_name'], copy['last_name'] = first, last
    copy['name'] = f'{first} {last}'
    if rng.random() < 0.07:  # stored as one 'Last, First' field
        copy['first_name'], copy['last_name'], copy['name'] = '', '', f'{last}, {first}'
        damage.append('last, first')

    roll = rng.random()
    if row['email'] and roll < 0.20:
        copy['email'] = row['email'].upper() if rng.random() < 0.5 else row['email'].capitalize()
        damage.append('email case')
    elif row['email'] and roll < 0.30:
        local, _, domain = row['email'].partition('@')
        copy['email'] = f'{typo(rng, local)}@{domain}'
        damage.append('email typo')
    elif roll < 0.45:
        copy['email'] = ''
        damage.append('no email')
    elif roll < 0.60:
        copy['email'] = gen._email(first.split()[0] if first.split() else 'x', last or 'x', 'gmail.com')
        damage.append('other email')

    roll = rng.random()
    digits = ''.join(c for c in row['phone'] if c.isdigit())[-10:]
    if digits and roll < 0.50:
        copy['phone'] = gen.format_phone(digits)
        damage.append('phone format')
    elif roll < 0.75:
        copy['phone'] = ''
        damage.append('no phone')
    elif digits and roll < 0.82:
        k = rng.randrange(3, 10)
        copy['phone'] = gen.format_phone(digits[:k] + str((int(digits[k]) + 1) % 10) + digits[k + 1 :])
        damage.append('phone typo')

    roll = rng.random()
    if row['company'] and roll < 0.30:
        base = row['company'].rsplit(' ', 1)[0]
        copy['company'] = rng.choice((base, base.upper(), f'{base}, Inc.', f'{base} LLC', f'The {base}'))
        damage.append('company suffix')
    elif roll < 0.55:
        copy['company'] = ''
        damage.append('no company')

    if not copy['email'] and not copy['phone']:  # a contact needs an email or a phone
        copy['phone'] = gen.format_phone(digits) if digits else ''
        copy['email'] = copy['email'] or ('' if digits else row['email'])
    identifying = (
        copy['email'].lower() == row['email'].lower()
        and copy['email']
        or 'email typo' in damage
        or (copy['phone'] and digits)
        or (copy['company'] and company_key(copy['company']) == company_key(row['company']))
    )
    if not identifying:  # see the module docstring of bench/dedupe_data.py
        copy['company'] = row['company']
        if not copy['company']:
            copy['phone'] = gen.format_phone(digits) if digits else copy['phone']
            copy['email'] = copy['email'] if digits else row['email']
    return copy, damage


def generate(n: int, seed: int, dup_rate: float = 0.02) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    gen = ContactGenerator(seed)
    n_dups = int(n * dup_rate)
    originals = [gen.person() for _ in range(n - n_dups)]
    rows: list[dict] = [dict(r, group=k) for k, r in enumerate(originals)]
    sources = random.Random(seed + 1).sample(range(len(originals)), int(n_dups * 0.9))
    sources += random.Random(seed + 2).sample(sources, n_dups - len(sources))  # some people thrice
    for k in sources:
        copy, _ = damaged_copy(gen, originals[k])
        rows.append(dict(copy, group=k))
    random.Random(seed + 3).shuffle(rows)
    frame = pd.DataFrame(rows)
    frame.insert(0, 'id', range(1, len(frame) + 1))
    planted: set[tuple[int, int]] = set()
    for _, ids in frame.groupby('group')['id']:
        planted.update(itertools.combinations(sorted(ids), 2))
    return frame.drop(columns=['group']), planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--contacts', type=int, default=100_000)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--misses', type=int, default=0, help='print this many missed and wrong pairs')
    args = parser.parse_args()

    started = time.perf_counter()
    frame, planted = generate(args.contacts, args.seed)
    print(
        f'generated {len(frame):,} contacts, {len(planted):,} planted duplicate pairs '
        f'in {time.perf_counter() - started:.1f} s'
    )

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        pairs = find_duplicate_pairs(frame)
        clusters = build_clusters(pairs)
        timings.append(time.perf_counter() - started)
    found = {pair for c in clusters for pair in itertools.combinations(c.contact_ids, 2)}
    hits = len(found & planted)
    print(f'scan time: best {min(timings):.2f} s, median {sorted(timings)[1]:.2f} s (3 runs, target <= 3 s)')
    print(f'clusters: {len(clusters):,}  pairs scored as duplicates: {len(pairs):,}')
    print(
        f'recall:    {hits / len(planted):.4f}  ({hits:,} of {len(planted):,} planted pairs found; target >= 0.99)'
    )
    print(
        f'precision: {hits / max(1, len(found)):.4f}  ({len(found) - hits:,} of {len(found):,} found pairs are wrong; '
        f'target >= 0.99)'
    )
    if args.misses:
        by_id = frame.set_index('id')
        cols = ['name', 'first_name', 'last_name', 'email', 'phone', 'company']
        for label, bad in (('MISSED', planted - found), ('WRONG', found - planted)):
            for a, b in sorted(bad)[: args.misses]:
                print(label, by_id.loc[a, cols].to_dict(), '\n      ', by_id.loc[b, cols].to_dict())


if __name__ == '__main__':
    main()
