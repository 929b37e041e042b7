"""The card read model the board and the call list share: what a card (or a call-list row) shows, read
for a list of lead ids with three column-only queries (no ORM objects) however many."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, func, select

from models import Contact, ContactTag, Lead, Tag, TagRead, User
from services import board_cache, clock


class Person(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    initials: str


class BoardCard(BaseModel):
    """What a card (and a call-list row) shows; `claimed_by`/`claim_expires_at` only while a claim is live."""

    model_config = ConfigDict(frozen=True)

    id: int
    contact_id: int
    stage_id: int
    name: str
    company: str
    email: str
    phone: str
    source: str
    tags: tuple[TagRead, ...]
    next_call_at: datetime | None
    last_contacted_at: datetime | None
    owner: Person | None
    claimed_by: Person | None
    claim_expires_at: datetime | None
    version: int


_CARD_COLUMNS = (
    Lead.id,
    Lead.contact_id,
    Lead.stage_id,
    Lead.owner_id,
    Lead.claimed_by_id,
    Lead.claim_expires_at,
    Lead.next_call_at,
    Lead.source,
    Lead.version,
    Contact.name,
    Contact.company,
    Contact.email,
    Contact.phone,
    Contact.last_contacted_at,
)


def load_cards(s: Session, lead_ids: list[int]) -> list[BoardCard]:
    """Cards for lead ids, in the given order: three column-only queries (no ORM objects) however many."""
    if not lead_ids:
        return []
    conn = s.connection()  # Core rows: no ORM bookkeeping on a path every keystroke and live update runs
    rows = conn.execute(
        select(*_CARD_COLUMNS)
        .join(Contact, col(Contact.id) == col(Lead.contact_id))
        .where(col(Lead.id).in_(lead_ids))
    ).all()
    by_id = {row.id: row for row in rows}
    tags: dict[int, list[TagRead]] = {}
    for contact_id, tag_id, name, color in conn.execute(
        select(ContactTag.contact_id, Tag.id, Tag.name, Tag.color)
        .join(Tag, col(Tag.id) == col(ContactTag.tag_id))
        .where(col(ContactTag.contact_id).in_({row.contact_id for row in rows}))
        .order_by(func.lower(Tag.name))
    ).all():
        tags.setdefault(contact_id, []).append(TagRead(id=tag_id, name=name, color=color))
    people = _people(s, {i for row in rows for i in (row.owner_id, row.claimed_by_id) if i is not None})
    now = clock.now()
    cards = []
    for lead_id in lead_ids:
        row = by_id.get(lead_id)
        if row is None:
            continue  # deleted between the two queries
        live = (
            row.claimed_by_id is not None and row.claim_expires_at is not None and row.claim_expires_at > now
        )
        cards.append(
            board_cache.same_card(
                BoardCard(
                    id=row.id,
                    contact_id=row.contact_id,
                    stage_id=row.stage_id,
                    name=row.name,
                    company=row.company,
                    email=row.email,
                    phone=row.phone,
                    source=row.source,
                    tags=tuple(tags.get(row.contact_id, ())),
                    next_call_at=row.next_call_at,
                    last_contacted_at=row.last_contacted_at,
                    owner=people.get(row.owner_id) if row.owner_id else None,
                    claimed_by=people.get(row.claimed_by_id) if live and row.claimed_by_id else None,
                    claim_expires_at=row.claim_expires_at if live else None,
                    version=row.version,
                )
            )
        )
    return cards


def _people(s: Session, user_ids: set[int]) -> dict[int, Person]:
    if not user_ids:
        return {}
    found = s.execute(
        select(User.id, User.display_name, User.username).where(col(User.id).in_(user_ids))
    ).all()
    return {u.id: Person(id=u.id, name=u.display_name or u.username, initials=_initials(u)) for u in found}


def _initials(user) -> str:
    parts = user.display_name.split() or [user.username]
    return ''.join(p[0] for p in parts[:2]).upper()
