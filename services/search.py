"""Partial, case- and accent-insensitive search over contacts (name, email, phone, company).

On SQLite an FTS5 table with the trigram tokenizer holds one folded text per contact (rowid = contact.id),
so a substring query is an index lookup rather than a LIKE scan of the table. The text is folded in Python
(unidecode), which is why the index is maintained here and not by triggers.

Every word of a query must match. A word of three or more characters matches anywhere ("ple" finds
"Maple"); a shorter one matches the start of a word ("an" finds "Ana" and "Anderson", not "Dan"): a
two-letter substring hits a quarter of any large list and tells the user nothing, while a word start is
what they mean — and " an" is a trigram the index holds, so it stays an index lookup. Every text begins
with a space for that reason. A query made only of one-letter words searches nothing yet (MIN_QUERY)."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, literal_column, select, text
from sqlmodel import Session, col, func

from models import Contact
from services import db
from services.normalize import fold, phone_digits

_DELETE = text('DELETE FROM contact_search WHERE rowid = :id')
_INSERT = text('INSERT INTO contact_search(rowid, body) VALUES (:id, :body)')


def document(contact: Contact) -> str:
    """The text a contact is found by. Phones only as digits: a query of digits is matched as digits however
    it is typed, so the written-out number would only make the index bigger (every character of every
    text is three index entries, and an import writes a hundred thousand texts); typed digits are left
    out when the international number already holds them."""
    parts = [contact.name, contact.email, contact.company, *contact.secondary_emails]
    e164 = (contact.phone_e164 or '').lstrip('+')
    typed = phone_digits(contact.phone)
    if e164 and typed in e164:
        typed = ''
    extra = [phone_digits(p) for p in contact.secondary_phones]
    return ' ' + ' | '.join(filter(None, [fold(p) for p in parts] + [typed, *extra, e164]))


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


MIN_QUERY = 2  # a query needs a word this long before it filters anything (see the module doc)


def searchable(query: str) -> bool:
    """Whether a search box value filters anything yet (it has a word of MIN_QUERY characters)."""
    return any(len(t) >= MIN_QUERY for t in _terms(query))


def matches(query: str, on: Any = Contact.id) -> ColumnElement[bool] | None:
    """A WHERE clause on a contact id column (`on`: Contact.id, or Lead.contact_id to spare a join) for a
    search box value, or None when the query has no word of MIN_QUERY characters: nothing to search yet."""
    if not searchable(query):
        return None
    terms = _terms(query)
    if not db.is_sqlite():
        haystack = func.concat(
            ' ',
            func.lower(
                func.concat_ws(
                    ' ', Contact.name, Contact.email, Contact.company, Contact.phone, Contact.phone_e164
                )
            ),
        )
        words = [haystack.contains(term if len(term) >= 3 else ' ' + term, autoescape=True) for term in terms]
        return col(on).in_(select(Contact.id).where(*words).correlate(None))
    # quoted phrases: the trigram index matches each as a substring anywhere in the text
    phrases = [t if len(t) >= 3 else ' ' + t for t in terms if len(t) >= MIN_QUERY]
    params = {'match': ' AND '.join('"' + p.replace('"', '""') + '"' for p in phrases)}
    conditions = ['contact_search MATCH :match']
    # one-letter words only narrow what the others found, so this LIKE reads few rows
    for i, term in enumerate(t for t in terms if len(t) < MIN_QUERY):
        params[f'like{i}'] = f'% {_escape(term)}%'
        conditions.append(f"body LIKE :like{i} ESCAPE '\\'")
    ids = text(f'SELECT rowid FROM contact_search WHERE {" AND ".join(conditions)}').bindparams(**params)
    return col(on).in_(ids.columns(literal_column('rowid')))


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
