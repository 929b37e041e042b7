"""Contacts for tests of the contacts table, merge and duplicates: plain people (no lead) or leads."""

from datetime import datetime

from models import Contact, UserRead
from services import db, leads, search
from services.normalize import normalize_email, normalize_phone, split_name


def add_contact(name: str, **fields) -> int:
    first, last = split_name(name)
    contact = Contact(
        name=name,
        first_name=fields.pop('first_name', first),
        last_name=fields.pop('last_name', last),
        **fields,
    )
    contact.email_norm = normalize_email(contact.email)
    contact.phone_e164 = normalize_phone(contact.phone)
    with db.session() as s:
        s.add(contact)
        s.flush()
        search.index_contacts(s, [contact])
        s.commit()
        return contact.id


def add_lead(actor: UserRead, name: str, **fields) -> tuple[int, int]:
    """(lead id, contact id)"""
    data = {'name': name, 'phone': fields.pop('phone', '+1 555 010 2030'), **fields}
    lead = leads.create_lead(actor=actor, data=data)
    return lead.id, lead.contact_id


def contacted(contact_id: int, at: datetime) -> None:
    with db.session() as s:
        c = s.get(Contact, contact_id)
        c.last_contacted_at = at
        s.add(c)
        s.commit()
