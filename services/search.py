"""Partial, case- and accent-insensitive search over contacts (name, email, phone, company).

On SQLite an FTS5 table with the trigram tokenizer holds one folded text per contact (rowid = contact.id),
so a substring query is an index lookup rather than a LIKE scan of the table. The text is folded in Python
(unidecode), which is why the index is maintained here and not by triggers."""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, literal_column, text
from sqlmodel import Session, col, func

from models import Contact
from services import db
from services.normalize import fold, phone_digits

_DELETE = text('DELETE FROM contact_search WHERE rowid = :id')
_INSERT = text('INSERT INTO contact_search(rowid, body) VALUES (:id, :body)')


def document(contact: Contact) -> str:
    parts = [contact.name, contact.email, contact.company, contact.phone, *contact.secondary_emails]
    digits = [phone_digits(p) for p in (contact.phone, *contact.secondary_phones) if p]
    if contact.phone_e164:
        digits.append(contact.phone_e164.lstrip('+'))
    return ' | '.join(filter(None, [fold(p) for p in parts] + digits))


def index_contacts(s: Session, contacts: Iterable[Contact]) -> None:
    """(Re)index contacts inside the caller's transaction; call after flush so ids exist."""
    if not db.is_sqlite():
        return
    rows = [{'id': c.id, 'body': document(c)} for c in contacts]
    if rows:
        s.connection().execute(_DELETE, [{'id': r['id']} for r in rows])
        s.connection().execute(_INSERT, rows)


def index_rows(s: Session, rows: list[dict]) -> None:
    """Bulk-add index rows {'id', 'body'} for newly inserted contacts (the importer's fast path)."""
    if db.is_sqlite() and rows:
        s.connection().execute(_INSERT, rows)


def unindex(s: Session, contact_ids: Iterable[int]) -> None:
    if db.is_sqlite():
        ids = [{'id': i} for i in contact_ids]
        if ids:
            s.connection().execute(_DELETE, ids)


def matches(query: str) -> ColumnElement[bool] | None:
    """A WHERE clause on Contact.id for a search box value (every word must match), or None if empty."""
    terms = _terms(query)
    if not terms:
        return None
    if not db.is_sqlite():
        haystack = func.lower(
            func.concat_ws(
                ' ', Contact.name, Contact.email, Contact.company, Contact.phone, Contact.phone_e164
            )
        )
        return and_(*[haystack.contains(term, autoescape=True) for term in terms])
    long_terms = [t for t in terms if len(t) >= 3]
    conditions = []
    params = {}
    if long_terms:
        # quoted phrases: the trigram index matches each as a substring anywhere in the text
        params['match'] = ' AND '.join('"' + t.replace('"', '""') + '"' for t in long_terms)
        conditions.append('contact_search MATCH :match')
    for i, term in enumerate(t for t in terms if len(t) < 3):
        params[f'like{i}'] = f'%{_escape(term)}%'
        conditions.append(f"body LIKE :like{i} ESCAPE '\\'")
    ids = text(f'SELECT rowid FROM contact_search WHERE {" AND ".join(conditions)}').bindparams(**params)
    return col(Contact.id).in_(ids.columns(literal_column('rowid')))


def _terms(query: str) -> list[str]:
    folded = fold(query)
    if not folded:
        return []
    digits = phone_digits(folded)
    # "(555) 010-2030" searches as its digits; words search each on its own (all must match)
    if digits and len(digits) >= 3 and not any(ch.isalpha() for ch in folded):
        return [digits]
    return folded.split()


def _escape(term: str) -> str:
    return term.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')
