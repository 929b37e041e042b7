"""The duplicate rules (PRODUCT §6), shared by the lead-create prompt and the importer.

Same email (case-insensitive) or same E.164 phone is a duplicate — unless both records carry different
non-empty emails, which makes a same-phone pair only a *possible* duplicate, as is a very similar name at
the same (or a similar) company. The importer applies these rules set-wise (services/importer/match.py);
`find_matches` applies them to one would-be contact.
"""

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz
from sqlmodel import Session, col, or_, select

from models import Contact, UserRead
from services import access, app_settings, db
from services.normalize import fold, normalize_email, normalize_phone

NAME_SIMILARITY = 90  # rapidfuzz token_sort_ratio over folded names
LEGAL_SUFFIX = re.compile(
    r'\b(inc|incorporated|llc|l l c|ltd|limited|gmbh|corp|corporation|co|company|plc|sa|ag|bv|nv|pty|llp|lp|'
    r'srl|sarl|oy|ab|as|kg|the)\b'
)


def company_key(company: str | None) -> str:
    """'ACME, Inc.' and 'Acme Incorporated' → 'acme': the block in which similar names are compared."""
    words = re.sub(r'[^a-z0-9]+', ' ', fold(company))
    return ' '.join(LEGAL_SUFFIX.sub(' ', words).split())


def name_key(name: str | None) -> str:
    return ' '.join(re.sub(r'[^a-z0-9]+', ' ', fold(name)).split())


def name_score(a_key: str, b_key: str) -> float:
    return fuzz.token_sort_ratio(a_key, b_key)


def name_reason(score: float) -> str:
    return f'name {round(score)} % similar, same company'


@dataclass(frozen=True)
class Pair:
    """How two records relate: exact ('same email', 'same phone') or possible (flag for review)."""

    exact: bool
    reason: str
    score: float


def compare(
    *, email_a: str | None, phone_a: str | None, email_b: str | None, phone_b: str | None
) -> Pair | None:
    """The email/phone rule on normalized values (email lower-cased, phone E.164)."""
    if email_a and email_a == email_b:
        return Pair(True, 'same email', 100.0)
    if phone_a and phone_a == phone_b:
        if email_a and email_b and email_a != email_b:
            return Pair(False, 'same phone, different email', 80.0)
        return Pair(True, 'same phone', 100.0)
    return None


class ContactMatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    contact_id: int
    name: str
    company: str
    email: str
    phone: str
    reason: (
        str  # 'same email', 'same phone', 'same phone, different email', 'name 93 % similar, same company'
    )
    score: float
    exact: bool  # False: only a possible duplicate


def find_matches(
    *,
    actor: UserRead,
    name: str = '',
    email: str = '',
    phone: str = '',
    company: str = '',
    exclude_contact_id: int | None = None,
) -> list[ContactMatch]:
    """Existing contacts that the given person would duplicate, best first (for the merge prompt)."""
    with db.session() as s:
        access.current(s, actor)
        region = app_settings.read(s, 'phone_region')
        return match_contact(
            s,
            name=name,
            email=email,
            phone=phone,
            company=company,
            region=region,
            exclude_id=exclude_contact_id,
        )


def match_contact(
    s: Session,
    *,
    name: str,
    email: str,
    phone: str,
    company: str,
    region: str,
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[ContactMatch]:
    email_norm = normalize_email(email)
    phone_e164 = normalize_phone(phone, region)
    matches: dict[int, ContactMatch] = {}
    exact_filters = []
    if email_norm:
        exact_filters.append(col(Contact.email_norm) == email_norm)
    if phone_e164:
        exact_filters.append(col(Contact.phone_e164) == phone_e164)
    if exact_filters:
        for c in s.exec(select(Contact).where(or_(*exact_filters)).limit(50)):
            pair = compare(email_a=email_norm, phone_a=phone_e164, email_b=c.email_norm, phone_b=c.phone_e164)
            if pair and c.id != exclude_id:
                matches[c.id] = _match(c, pair)
    key, wanted = company_key(company), name_key(name)
    if key and wanted:
        # a cheap SQL pre-filter on the company's longest word; the exact block test happens here
        word = max(key.split(), key=len)
        like = f'%{word}%'
        query = select(Contact).where(col(Contact.company).ilike(like)).limit(2000)
        for c in s.exec(query):
            if c.id in matches or c.id == exclude_id or company_key(c.company) != key:
                continue
            score = name_score(wanted, name_key(c.name))
            if score >= NAME_SIMILARITY:
                matches[c.id] = _match(c, Pair(False, name_reason(score), score))
    ordered = sorted(matches.values(), key=lambda m: (not m.exact, -m.score, m.contact_id))
    return ordered[:limit]


def _match(c: Contact, pair: Pair) -> ContactMatch:
    return ContactMatch(
        contact_id=c.id,
        name=c.name,
        company=c.company,
        email=c.email,
        phone=c.phone,
        reason=pair.reason,
        score=pair.score,
        exact=pair.exact,
    )
