"""A seeded generator of realistic contacts with planted, damaged duplicates (for bench/dedupe.py).

Realistic means: Zipf-distributed common names (so namesakes abound), accented names, companies with legal
suffixes and their own email domains, free-mail users, shared switchboard numbers, missing fields. A planted
duplicate is the same person entered again from another source: typos, swapped or "Last, First" names,
nicknames, middle initials, accents dropped, email case or typos, other phone formats, legal-suffix variants,
missing fields. Each keeps at least one identifying field (email, phone or company, possibly damaged) — a
copy sharing nothing but a common name is indistinguishable from a namesake, for a person or a program.
"""

import random
import string

from nicknames import NickNamer
from unidecode import unidecode

from bench.dedupe_words import (
    ACCENTED_FIRST,
    ACCENTED_LAST,
    CITIES,
    COMPANY_KINDS,
    COMPANY_WORDS,
    FREE_MAIL,
    SUFFIXES,
    SYLLABLES,
    TOP_FIRST,
    TOP_LAST,
)


class ContactGenerator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        namer = NickNamer()
        self.nicknames = {n: sorted(namer.nicknames_of(n)) for n in TOP_FIRST}
        extra = sorted({line.split(',')[0] for line in _names_csv_lines()} - set(TOP_FIRST))
        self.first_pool = TOP_FIRST + ACCENTED_FIRST + extra
        self.first_weights = [1 / (k + 1) ** 0.65 for k in range(len(self.first_pool))]
        surnames = {self._synthetic_surname() for _ in range(40_000)}
        self.rare_last = sorted(surnames)
        self.top_last = TOP_LAST + ACCENTED_LAST
        self.top_last_weights = [1 / (k + 1) ** 0.5 for k in range(len(self.top_last))]
        self.used_emails: set[str] = set()
        self.used_phones: set[str] = set()
        self.companies = self._companies(6000)
        self.company_weights = [1 / (k + 1) ** 0.5 for k in range(len(self.companies))]

    def _synthetic_surname(self) -> str:
        return ''.join(self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 2, 3)))).capitalize()

    def _companies(self, n: int) -> list[tuple[str, str, str]]:
        seen, out = set(), []
        while len(out) < n:
            words = self.rng.sample(COMPANY_WORDS, self.rng.choice((1, 2)))
            kind = self.rng.choice(COMPANY_KINDS)
            base = ' '.join(w.capitalize() for w in words) + ' ' + kind
            if base in seen:
                continue
            seen.add(base)
            domain = ''.join(words) + kind.lower() + self.rng.choice(('.com', '.io', '.co', '.net', '.ca'))
            out.append((f'{base} {self.rng.choice(SUFFIXES)}', domain, self._new_phone()))
        return out

    def _new_phone(self) -> str:
        while True:
            digits = (
                f'{self.rng.randint(201, 989)}{self.rng.randint(200, 999)}{self.rng.randint(0, 9999):04d}'
            )
            if digits not in self.used_phones:
                self.used_phones.add(digits)
                return digits

    def format_phone(self, digits: str) -> str:
        a, b, c = digits[:3], digits[3:6], digits[6:]
        return self.rng.choice(
            (
                f'({a}) {b}-{c}',
                f'{a}-{b}-{c}',
                f'+1 {a} {b} {c}',
                f'{a}{b}{c}',
                f'{a}.{b}.{c}',
                f'+1-{a}-{b}-{c}',
            )
        )

    def _email(self, first: str, last: str, domain: str) -> str:
        f, last_ascii = unidecode(first).lower().replace("'", ''), unidecode(last).lower().replace("'", '')
        for attempt in range(50):
            local = self.rng.choice(
                (f'{f}.{last_ascii}', f'{f[0]}{last_ascii}', f'{f}{last_ascii[0]}', f'{f}_{last_ascii}')
            )
            if domain in FREE_MAIL or attempt:
                local += (
                    str(self.rng.randint(1, 999))
                    if (domain in FREE_MAIL and self.rng.random() < 0.6) or attempt
                    else ''
                )
            email = f'{local}@{domain}'
            if email not in self.used_emails:
                self.used_emails.add(email)
                return email
        raise RuntimeError('could not make a unique email')

    def person(self) -> dict:
        rng = self.rng
        first = rng.choices(self.first_pool, self.first_weights)[0].capitalize()
        if rng.random() < 0.25:
            last = rng.choices(self.top_last, self.top_last_weights)[0]
            last = last if last[0].isupper() else last.capitalize()
        else:
            last = rng.choice(self.rare_last)
        row = {'first_name': first, 'last_name': last, 'city': rng.choice(CITIES)}
        if rng.random() < 0.82:
            company, domain, main_line = rng.choices(self.companies, self.company_weights)[0]
            row['company'] = company
            row['email'] = self._email(first, last, domain if rng.random() < 0.85 else rng.choice(FREE_MAIL))
            # some people only give the switchboard: different people, one number
            digits = main_line if rng.random() < 0.04 else self._new_phone()
        else:
            row['company'] = ''
            row['email'] = self._email(first, last, rng.choice(FREE_MAIL))
            digits = self._new_phone()
        row['phone'] = self.format_phone(digits)
        if rng.random() < 0.10:
            row['phone'] = ''
        elif rng.random() < 0.08:
            row['email'] = ''
        row['name'] = f'{first} {last}'
        return row


def _names_csv_lines() -> list[str]:
    from importlib.resources import files

    return files('nicknames').joinpath('names.csv').read_text().splitlines()[1:]


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    k = rng.randrange(len(text))
    op = rng.choice(('swap', 'drop', 'replace', 'double'))
    if op == 'swap' and k < len(text) - 1:
        return text[:k] + text[k + 1] + text[k] + text[k + 2 :]
    if op == 'drop':
        return text[:k] + text[k + 1 :]
    if op == 'double':
        return text[:k] + text[k] + text[k:]
    return text[:k] + rng.choice(string.ascii_lowercase) + text[k + 1 :]
