"""Clients: the paginated, searchable list, one client's details with its leads, and upsell leads."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_
from sqlmodel import col, select

from models import (
    ActivityKind,
    Client,
    ClientRead,
    Contact,
    ContactRead,
    Lead,
    LeadRead,
    Stage,
    StageKind,
    User,
    UserRead,
)
from services import access, activities, db, events, leads
from services.errors import Invalid, NotFound
from services.leads import visible
from services.normalize import clean_text, phone_digits

PER_PAGE = 25


class ClientRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    company: str
    email: str
    phone: str
    city: str
    region: str
    primary_contact: str
    leads: int
    open_leads: int
    created_at: datetime


class ClientPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: tuple[ClientRow, ...]
    total: int
    page: int
    pages: int


class ClientLead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    title: str  # the person's name, with the product type when there is one
    stage_name: str
    stage_color: str
    stage_kind: StageKind
    owner_name: str
    created_at: datetime
    converted_at: datetime | None
    kind: str  # 'converted' (the lead it was won from, or another won lead) or 'upsell'
    can_open: bool


class ClientDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    client: ClientRead
    primary_contact: ContactRead | None
    leads: tuple[ClientLead, ...]


def list_clients(
    *, actor: UserRead, q: str = '', region: str = '', page: int = 1, per_page: int = PER_PAGE
) -> ClientPage:
    """Clients by name; `q` matches name, company, email or phone (partial, case-insensitive)."""
    with db.session() as s:
        access.current(s, actor)
        conditions = []
        if region:
            conditions.append(col(Client.region) == region)
        for term in clean_text(q).lower().split():
            like = f'%{term}%'
            matches = [
                func.lower(Client.name).like(like),
                func.lower(Client.company).like(like),
                func.lower(Client.email).like(like),
            ]
            digits = phone_digits(term)
            if len(digits) >= 3 and len(digits) >= len(term) - 3:
                # a phone typed any way ('555-01', '(555) 01') matches the stored one written any other way
                stripped = Client.phone
                for ch in ' -.()+':
                    stripped = func.replace(stripped, ch, '')
                matches.append(stripped.like(f'%{digits}%'))
            conditions.append(or_(*matches))
        total = s.exec(select(func.count()).select_from(Client).where(*conditions)).one()
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        lead_count = (
            select(func.count())
            .where(col(Lead.client_id) == col(Client.id))
            .correlate(Client)
            .scalar_subquery()
        )
        open_count = (
            select(func.count())
            .select_from(Lead)
            .join(Stage, col(Stage.id) == col(Lead.stage_id))
            .where(col(Lead.client_id) == col(Client.id), col(Stage.kind) == StageKind.OPEN)
            .correlate(Client)
            .scalar_subquery()
        )
        rows = s.exec(
            select(Client, Contact.name, lead_count, open_count)
            .join(Contact, col(Contact.id) == col(Client.primary_contact_id), isouter=True)
            .where(*conditions)
            .order_by(func.lower(Client.name), col(Client.id))
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
        result = tuple(
            ClientRow(
                id=c.id,
                name=c.name,
                company=c.company,
                email=c.email,
                phone=c.phone,
                city=c.city,
                region=c.region,
                primary_contact=person or '',
                leads=n,
                open_leads=n_open,
                created_at=c.created_at,
            )
            for c, person, n, n_open in rows
        )
    return ClientPage(rows=result, total=total, page=page, pages=pages)


def get_client(*, actor: UserRead, client_id: int) -> ClientDetail:
    with db.session() as s:
        user = access.current(s, actor)
        client = s.get(Client, client_id)
        if client is None:
            raise NotFound(f'Client #{client_id} does not exist (it may have been deleted).')
        person = s.get(Contact, client.primary_contact_id) if client.primary_contact_id else None
        seen = set(s.exec(select(Lead.id).where(col(Lead.client_id) == client_id, visible(user))).all())
        rows = s.exec(
            select(Lead, Contact.name, Stage, User.display_name)
            .join(Contact, col(Contact.id) == col(Lead.contact_id))
            .join(Stage, col(Stage.id) == col(Lead.stage_id))
            .join(User, col(User.id) == col(Lead.owner_id), isouter=True)
            .where(col(Lead.client_id) == client_id)
            .order_by(col(Lead.created_at).desc(), col(Lead.id).desc())
        ).all()
        items = []
        for lead, name, stage, owner in rows:
            won = stage.kind == StageKind.WON
            items.append(
                ClientLead(
                    id=lead.id,
                    title=f'{name} · {lead.product_type}' if lead.product_type else name,
                    stage_name=stage.name,
                    stage_color=stage.color,
                    stage_kind=StageKind(stage.kind),
                    owner_name=owner or '',
                    created_at=lead.created_at,
                    converted_at=lead.converted_at,
                    kind='converted' if won or lead.id == client.source_lead_id else 'upsell',
                    can_open=lead.id in seen,
                )
            )
        return ClientDetail(
            client=ClientRead.model_validate(client),
            primary_contact=ContactRead.model_validate(person) if person else None,
            leads=tuple(items),
        )


def create_upsell_lead(
    *,
    actor: UserRead,
    client_id: int,
    product_type: str = '',
    source: str = '',
    notes: str = '',
    owner_id: int | None = None,
) -> LeadRead:
    """A new lead in New for an existing client, on its primary contact (no second person is created)."""
    with db.session() as s:
        client = s.get(Client, client_id)
        if client is None:
            raise NotFound('That client no longer exists.')
        person = s.get(Contact, client.primary_contact_id) if client.primary_contact_id else None
        data = {
            'name': person.name if person else client.name,
            'email': person.email if person else client.email,
            'phone': person.phone if person else client.phone,
            'company': (person.company if person else client.company) or client.company,
        }
        contact_id = person.id if person else None
    if not data['email'] and not data['phone']:
        raise Invalid('This client has no email or phone: add one to the client first, then create the lead.')
    data |= {
        'client_id': client_id,
        'product_type': product_type,
        'source': source,
        'notes': notes,
        # an unassigned upsell would land in the pool, out of sight of a caller without Manage Leads
        'owner_id': owner_id if owner_id is not None else actor.id,
    }
    lead = leads.create_lead(actor=actor, data=data, contact_id=contact_id)
    with db.session() as s:
        # the client's own timeline says an upsell was opened (the lead's timeline has its creation)
        what = f' ({product_type})' if product_type else ''
        activities.record(
            s,
            kind=ActivityKind.CREATE,
            actor_id=actor.id,
            client_id=client_id,
            summary=f'Upsell lead opened for {data["name"]}{what}',
            data={'lead_id': lead.id},
        )
        s.commit()
    events.publish(events.ClientsChanged(frozenset({client_id}), 'lead_added', actor.id))
    return lead
