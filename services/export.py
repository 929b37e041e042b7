"""CSV export of leads with their contact fields, safe to open in a spreadsheet.

A cell a spreadsheet would run as a formula gets a leading single quote: one beginning with '=', '@', tab or
carriage return, or with '+' or '-' unless the rest is a plain number or a phone number ('+1 555 0100').
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from models import Contact, ContactTag, Lead, Stage, Tag, User, UserRead
from services import access, db, leads

COLUMNS = (
    'lead_id',
    'contact_id',
    'name',
    'first_name',
    'last_name',
    'email',
    'phone',
    'phone_e164',
    'company',
    'job_title',
    'city',
    'state',
    'country',
    'region',
    'source',
    'stage',
    'status',
    'owner',
    'tags',
    'next_call_at',
    'product_type',
    'notes',
    'created_at',
)
_NUMBER = re.compile(r'^\d+(?:[.,]\d+)*$')
_PHONE = re.compile(r'^[\d\s().\-/]+$')
_BATCH = 5000


def safe_cell(value: Any) -> str:
    """The text of a cell, neutralized against formula injection."""
    text = '' if value is None else str(value)
    if not text:
        return text
    first = text[0]
    if first in '=@\t\r':
        return "'" + text
    if first in '+-':
        rest = text[1:].strip()
        digits = sum(ch.isdigit() for ch in rest)
        if _NUMBER.match(rest) or (_PHONE.match(rest) and 7 <= digits <= 15):
            return text
        return "'" + text
    return text


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ''


def export_leads(*, actor: UserRead | None, path: Path) -> int:
    """Write every lead the actor may see (the command line: every lead) to `path`; returns the count."""
    count = 0
    with db.session() as s, Path(path).open('w', newline='', encoding='utf-8') as f:
        user = access.current(s, actor) if actor is not None else None
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in _rows(s, user):
            writer.writerow([safe_cell(v) for v in row])
            count += 1
    return count


def _rows(s: Session, user: User | None) -> Iterator[list[Any]]:
    query = (
        select(Lead, Contact, Stage, User)
        .join(Contact, col(Contact.id) == Lead.contact_id)
        .join(Stage, col(Stage.id) == Lead.stage_id)
        .outerjoin(User, col(User.id) == Lead.owner_id)
        .order_by(col(Lead.id))
    )
    if user is not None:
        query = query.where(leads.visible(user))
    last_id = 0
    while True:
        batch = s.exec(query.where(col(Lead.id) > last_id).limit(_BATCH)).all()
        if not batch:
            return
        tags = tag_names(s, sorted({c.id for _, c, _, _ in batch}))
        for lead, contact, stage, owner in batch:
            yield export_row(contact, lead, stage, owner, tags.get(contact.id, []))
        last_id = batch[-1][0].id


def tag_names(s: Session, contact_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(contact_ids), 900):
        chunk = contact_ids[start : start + 900]
        rows = s.exec(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, col(Tag.id) == ContactTag.tag_id)
            .where(col(ContactTag.contact_id).in_(chunk))
            .order_by(col(Tag.name))
        )
        for contact_id, name in rows:
            out[contact_id].append(name)
    return out


def export_row(
    contact: Contact, lead: Lead | None, stage: Stage | None, owner: User | None, tags: list[str]
) -> list[Any]:
    """One CSV row in COLUMNS order; a contact without a lead leaves the lead columns empty."""
    return [
        lead.id if lead else '',
        contact.id,
        contact.name,
        contact.first_name,
        contact.last_name,
        contact.email,
        contact.phone,
        contact.phone_e164 or '',
        contact.company,
        contact.job_title,
        contact.city,
        contact.state,
        contact.country,
        contact.region,
        (lead.source if lead else '') or contact.source,
        stage.name if stage else '',
        stage.key if stage else '',
        owner.display_name if owner else '',
        '; '.join(tags),
        _iso(lead.next_call_at if lead else None),
        lead.product_type if lead else '',
        contact.notes,
        _iso(lead.created_at if lead else contact.created_at),
    ]
