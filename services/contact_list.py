"""The contacts table: everyone, filtered, sorted and paginated in the database (one page per call)."""

from collections import defaultdict
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import case, func
from sqlmodel import Session, col, select

from models import (
    Client,
    Contact,
    ContactGroup,
    ContactTag,
    Lead,
    Stage,
    StageKind,
    Tag,
    User,
    UserRead,
)
from services import access, db
from services.contact_filter import ContactFilter, client_exists, open_lead_exists, where
from services.normalize import format_phone

SortKey = Literal['name', 'company', 'email', 'phone', 'status', 'last_contacted', 'created']
SORTS: tuple[str, ...] = ('name', 'company', 'email', 'phone', 'status', 'last_contacted', 'created')
MAX_PAGE = 200


class TagChip(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    color: str


class ContactRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    company: str
    email: str
    phone: str
    status: Literal['Contact', 'Lead', 'Client']
    tags: list[TagChip]
    owner: str
    last_contacted_at: datetime | None
    created_at: datetime


class ContactPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: list[ContactRow]
    total: int
    page: int
    per_page: int


class Facets(BaseModel):
    """The values the filter dropdowns offer."""

    model_config = ConfigDict(frozen=True)

    tags: list[TagChip]
    sources: list[str]
    cities: list[str]
    states: list[str]
    countries: list[str]
    groups: list[tuple[int, str]]


def _status_order():
    return case((client_exists(), 2), (open_lead_exists(), 1), else_=0)


def _order(sort: str, descending: bool):
    columns = {
        'name': [func.lower(Contact.last_name), func.lower(Contact.first_name)],
        'company': [func.lower(Contact.company)],
        'email': [func.lower(Contact.email)],
        'phone': [Contact.phone_e164],
        'status': [_status_order()],
        # never contacted sorts as the oldest
        'last_contacted': [func.coalesce(Contact.last_contacted_at, datetime(1900, 1, 1, tzinfo=UTC))],
        'created': [Contact.created_at],
    }.get(sort, [func.lower(Contact.last_name), func.lower(Contact.first_name)])
    columns = [*columns, col(Contact.id)]
    ordered = [c.desc() for c in columns] if descending else [c.asc() for c in columns]
    blank = {'company': Contact.company, 'email': Contact.email, 'phone': Contact.phone_e164}.get(sort)
    if blank is not None:  # rows without the value go last in either direction
        ordered.insert(0, func.coalesce(blank, '') == '')
    return ordered


def list_contacts(
    *,
    actor: UserRead,
    filters: ContactFilter,
    sort: str = 'name',
    descending: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> ContactPage:
    per_page = max(1, min(MAX_PAGE, per_page))
    page = max(1, page)
    with db.session() as s:
        access.current(s, actor)
        condition = where(filters)
        total = s.execute(select(func.count()).select_from(Contact).where(condition)).scalar_one()
        # sort narrow (key, id) pairs, then load just the page's rows: the sorter never carries whole rows
        ids = list(
            s.execute(
                select(Contact.id)
                .where(condition)
                .order_by(*_order(sort, descending))
                .offset((page - 1) * per_page)
                .limit(per_page)
            ).scalars()
        )
        by_id = (
            {c.id: c for c in s.exec(select(Contact).where(col(Contact.id).in_(ids))).all()} if ids else {}
        )
        rows = _rows(s, [by_id[i] for i in ids if i in by_id])
    return ContactPage(rows=rows, total=total, page=page, per_page=per_page)


def _rows(s: Session, contacts: list[Contact]) -> list[ContactRow]:
    ids = [c.id for c in contacts]
    if not ids:
        return []
    tags: dict[int, list[TagChip]] = defaultdict(list)
    for contact_id, tag in s.execute(
        select(ContactTag.contact_id, Tag)
        .join(Tag, col(Tag.id) == ContactTag.tag_id)
        .where(col(ContactTag.contact_id).in_(ids))
        .order_by(func.lower(Tag.name))
    ):
        tags[contact_id].append(TagChip(id=tag.id, name=tag.name, color=tag.color))
    clients = {
        cid
        for (cid,) in s.execute(
            select(Client.primary_contact_id).where(col(Client.primary_contact_id).in_(ids))
        )
    }
    clients |= {
        cid
        for (cid,) in s.execute(
            select(Lead.contact_id).where(col(Lead.contact_id).in_(ids), col(Lead.converted_at).is_not(None))
        )
    }
    owners: dict[int, str] = {}
    open_leads: set[int] = set()
    for contact_id, owner in s.execute(
        select(Lead.contact_id, User.display_name)
        .join(Stage, col(Stage.id) == Lead.stage_id)
        .outerjoin(User, col(User.id) == Lead.owner_id)
        .where(col(Lead.contact_id).in_(ids), Stage.kind == StageKind.OPEN)
        .order_by(col(Lead.created_at))
    ):
        open_leads.add(contact_id)
        if owner:
            owners[contact_id] = owner
    return [
        ContactRow(
            id=c.id,
            name=c.name,
            company=c.company,
            email=c.email,
            phone=format_phone(c.phone_e164) if c.phone_e164 else c.phone,
            status='Client' if c.id in clients else 'Lead' if c.id in open_leads else 'Contact',
            tags=tags.get(c.id, []),
            owner=owners.get(c.id, ''),
            last_contacted_at=c.last_contacted_at,
            created_at=c.created_at,
        )
        for c in contacts
    ]


def matching_ids(s: Session, filters: ContactFilter) -> list[int]:
    """Every contact id the filter matches ("all N matching" in a bulk action)."""
    return list(s.execute(select(Contact.id).where(where(filters)).order_by(col(Contact.id))).scalars())


def facets(*, actor: UserRead) -> Facets:
    with db.session() as s:
        access.current(s, actor)

        def values(column) -> list[str]:
            rows = s.execute(
                select(column).distinct().where(column != '').order_by(column).limit(500)
            ).scalars()
            return [v for v in rows if v]

        return Facets(
            tags=[
                TagChip(id=t.id, name=t.name, color=t.color)
                for t in s.exec(select(Tag).order_by(func.lower(Tag.name))).all()
            ],
            sources=values(Contact.source),
            cities=values(Contact.city),
            states=values(Contact.state),
            countries=values(Contact.country),
            groups=[
                (g.id, g.name)
                for g in s.exec(select(ContactGroup).order_by(func.lower(ContactGroup.name))).all()
            ],
        )
