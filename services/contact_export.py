"""CSV export of contacts from the contacts table (the selection or everything a filter matches): the columns
and the formula protection of `python main.py export`."""

import csv
from pathlib import Path

from sqlmodel import col, select

from models import Contact, Lead, Stage, User, UserRead
from services import access, db
from services.contact_bulk import Selection, _chunks, resolve
from services.export import COLUMNS, export_row, safe_cell, tag_names


def export_contacts(*, actor: UserRead, selection: Selection, path: Path) -> int:
    """The CSV of `python main.py export` (same columns, same formula protection), one row per contact:
    a contact with leads gets a row per lead, one without leads a row with the lead columns empty."""
    count = 0
    with db.session() as s, Path(path).open('w', newline='', encoding='utf-8') as f:
        access.current(s, actor)
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for chunk in _chunks(resolve(s, selection)):
            tags = tag_names(s, chunk)
            contacts = s.exec(
                select(Contact).where(col(Contact.id).in_(chunk)).order_by(col(Contact.id))
            ).all()
            leads: dict[int, list[tuple[Lead, Stage, User | None]]] = {}
            for lead, stage, owner in s.execute(
                select(Lead, Stage, User)
                .join(Stage, col(Stage.id) == Lead.stage_id)
                .outerjoin(User, col(User.id) == Lead.owner_id)
                .where(col(Lead.contact_id).in_(chunk))
                .order_by(col(Lead.id))
            ):
                leads.setdefault(lead.contact_id, []).append((lead, stage, owner))
            for contact in contacts:
                for lead, stage, owner in leads.get(contact.id, [(None, None, None)]):
                    writer.writerow(
                        [
                            safe_cell(v)
                            for v in export_row(contact, lead, stage, owner, tags.get(contact.id, []))
                        ]
                    )
                    count += 1
    return count
