"""Person and company names reduced to comparable keys: accents folded, initials and titles dropped,
nicknames related through the `nicknames` dataset, legal suffixes stripped with `cleanco`'s term list."""

import re
from functools import cache

from cleanco import prepare_default_terms
from nicknames import NickNamer
from unidecode import unidecode

_NOT_LETTER = re.compile(r'[^a-z ]+')
_NOT_ALNUM = re.compile(r'[^a-z0-9 ]+')
_TITLES = frozenset(
    {'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md'}
)
FREE_MAIL_DOMAINS = frozenset(
    {
        'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.ca', 'ymail.com', 'hotmail.com',
        'hotmail.co.uk', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
        'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'zoho.com',
        'yandex.com', 'yandex.ru', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'shaw.ca',
        'rogers.com', 'sympatico.ca', 'fastmail.com', 'hey.com', 'qq.com', '163.com', 'orange.fr', 'free.fr',
    }
)  # fmt: skip


def fold_letters(text: str) -> str:
    """Lower-case ASCII letters and single spaces: 'José-María  O’Neil' -> 'jose maria oneil'."""
    ascii_text = unidecode(text or '').lower().replace("'", '').replace('`', '')
    return ' '.join(_NOT_LETTER.sub(' ', ascii_text).split())


def _tokens(text: str) -> list[str]:
    return [t for t in fold_letters(text).split() if t not in _TITLES]


@cache
def given_and_family(first: str, last: str, full: str) -> tuple[str, str]:
    """The given name (first token, middle initials dropped) and the family name (letters only).

    Works from first/last when present, else from the full name; 'Last, First' order is understood.
    A lone initial is kept as the given name ('J. Smith' -> 'j', 'smith') so it can still match 'John'.
    """
    if not (first or last):
        if ',' in full:
            last, _, first = full.partition(',')
        else:
            parts = full.split()
            first, last = ' '.join(parts[:-1]), (parts[-1] if parts else '')
    given_tokens = _tokens(first)
    family_tokens = _tokens(last)
    if not family_tokens and len(given_tokens) > 1:
        family_tokens = given_tokens[-1:]
        given_tokens = given_tokens[:-1]
    full_given = [t for t in given_tokens if len(t) > 1] or given_tokens
    family = [t for t in family_tokens if len(t) > 1] or family_tokens
    return (full_given[0] if full_given else ''), ''.join(family)


class NicknameIndex:
    """Which given names may be the same person's (Bob ~ Robert, Liz ~ Elizabeth), from the dataset."""

    def __init__(self) -> None:
        namer = NickNamer()
        self._namer = namer
        self._related: dict[str, frozenset[str]] = {}
        self._keys: dict[str, tuple[str, ...]] = {}

    def related(self, name: str) -> frozenset[str]:
        found = self._related.get(name)
        if found is None:
            found = frozenset({name} | self._namer.nicknames_of(name) | self._namer.canonicals_of(name))
            self._related[name] = found
        return found

    def block_keys(self, name: str) -> tuple[str, ...]:
        """A nickname blocks with each formal name it may stand for; a formal name blocks as itself."""
        found = self._keys.get(name)
        if found is None:
            formal = self._namer.canonicals_of(name) if not self._namer.nicknames_of(name) else set()
            found = tuple(sorted({name} | formal)) if name else ()
            self._keys[name] = found
        return found

    def are_related(self, a: str, b: str) -> bool:
        return bool(a) and bool(b) and (a == b or b in self.related(a) or a in self.related(b))


@cache
def nickname_index() -> NicknameIndex:
    return NicknameIndex()


@cache
def _suffix_terms() -> dict[int, frozenset[tuple[str, ...]]]:
    by_length: dict[int, set[tuple[str, ...]]] = {}
    for length, parts in prepare_default_terms():
        by_length.setdefault(length, set()).add(tuple(parts))
    return {length: frozenset(terms) for length, terms in by_length.items()}


def company_key(company: str) -> str:
    """'ACME Holdings, Inc.' and 'Acme Holdings Inc' -> 'acmeholdings'; legal suffixes and 'the' dropped."""
    tokens = ' '.join(_NOT_ALNUM.sub(' ', unidecode(company or '').lower()).split()).split()
    if tokens and tokens[0] == 'the':
        tokens = tokens[1:]
    terms = _suffix_terms()
    stripped = True
    while stripped and len(tokens) > 1:
        stripped = False
        for length in sorted(terms, reverse=True):
            if len(tokens) > length and tuple(tokens[-length:]) in terms[length]:
                tokens = tokens[:-length]
                stripped = True
                break
    return ''.join(tokens)
