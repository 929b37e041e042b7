"""CSV export of the board's current filter: the leads the user sees on the board, with the columns and the
formula protection of `python main.py export`."""

import csv
from pathlib import Path

from sqlmodel import col, select

from models import Contact, Lead, Stage, User, UserRead
from services import access, db
from services.board_query import BoardFilter, base_select
from services.contact_bulk import CHUNK
from services.export import COLUMNS, export_row, safe_cell, tag_names


def export_board(*, actor: UserRead, filters: BoardFilter, path: Path) -> int:
    """Write the leads matching the board filter (and visible to the actor) to `path`; returns the count."""
    count = 0
    with db.session() as s, Path(path).open('w', newline='', encoding='utf-8') as f:
        user = access.current(s, actor)
        lead_ids = list(s.execute(base_select(s, user, filters, Lead.id).order_by(col(Lead.id))).scalars())
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for start in range(0, len(lead_ids), CHUNK):
            chunk = lead_ids[start : start + CHUNK]
            rows = s.exec(
                select(Lead, Contact, Stage, User)
                .join(Contact, col(Contact.id) == Lead.contact_id)
                .join(Stage, col(Stage.id) == Lead.stage_id)
                .outerjoin(User, col(User.id) == Lead.owner_id)
                .where(col(Lead.id).in_(chunk))
                .order_by(col(Lead.id))
            ).all()
            tags = tag_names(s, sorted({contact.id for _, contact, _, _ in rows}))
            for lead, contact, stage, owner in rows:
                writer.writerow(
                    [safe_cell(v) for v in export_row(contact, lead, stage, owner, tags.get(contact.id, []))]
                )
                count += 1
    return count
