"""Convert to client: a new client from the lead's person, or the lead joins an existing client (suggested by
fuzzy match on company and name). The lead moves to the won stage, links the client and stays as history."""

import numpy as np
from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from rapidfuzz import fuzz, process
from sqlmodel import Session, col, select

from models import ActivityKind, Client, ClientRead, Contact, Lead, LeadRead, Stage, StageKind, User, UserRead
from models.text import EMAIL_PATTERN, clean
from services import activities, clock, db, events
from services.duplicates import company_key, name_key
from services.errors import Conflict, NotFound
from services.leads import load_workable
from services.validation import parse

SUGGEST_CUTOFF = 60


class ClientForm(BaseModel):
    name: str
    company: str = ''
    email: str = ''
    phone: str = ''
    city: str = ''
    state: str = ''
    country: str = ''
    region: str = ''
    notes: str = ''

    @field_validator('*', mode='before')
    @classmethod
    def _strip(cls, value: object) -> str:
        return clean(value)

    @field_validator('name')
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise ValueError('Please enter the client name.')
        return value

    @model_validator(mode='after')
    def _contact(self) -> 'ClientForm':
        if self.email and not EMAIL_PATTERN.match(self.email):
            raise ValueError(f'{self.email!r} is not a valid email address.')
        digits = sum(ch.isdigit() for ch in self.phone)
        if self.phone and not 7 <= digits <= 15:
            raise ValueError(f'{self.phone!r} is not a valid phone number (it needs 7 to 15 digits).')
        return self


class ClientSuggestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    company: str
    score: float
    reason: str


class Conversion(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead: LeadRead
    client: ClientRead
    created: bool


def client_draft(*, actor: UserRead, lead_id: int) -> ClientForm:
    """The new-client form prefilled from the lead's person (a company name makes the better client name)."""
    with db.session() as s:
        _, lead = load_workable(s, actor, lead_id)
        c = s.get(Contact, lead.contact_id)
        return ClientForm(
            name=c.company or c.name,
            company=c.company,
            email=c.email,
            phone=c.phone,
            city=c.city,
            state=c.state,
            country=c.country,
            region=c.region,
        )


def suggest_clients(
    *, actor: UserRead, lead_id: int, query: str = '', limit: int = 6
) -> list[ClientSuggestion]:
    """Existing clients this lead may belong to: with a query, the best fuzzy matches of it; without, those
    whose company or name is close to the lead's company or person (and, for an upsell lead, its client)."""
    with db.session() as s:
        _, lead = load_workable(s, actor, lead_id)
        person = s.get(Contact, lead.contact_id)
        # every client: fuzzy matching needs them all; rapidfuzz's cdist scores them in one C call
        rows = s.exec(select(Client.id, Client.name, Client.company)).all()
        own_client = lead.client_id
    if not rows:
        return []
    wanted = name_key(query)
    names = [name_key(name) for _, name, _ in rows]
    companies = [company_key(company) or company_key(name) for _, name, company in rows]
    if wanted:
        scores = np.maximum(
            process.cdist([wanted], names, scorer=fuzz.WRatio)[0],
            process.cdist([wanted], companies, scorer=fuzz.WRatio)[0],
        )
        reasons = [f'matches "{query.strip()}"'] * len(rows)
    else:
        company, person_name = company_key(person.company), name_key(person.name)
        by_company = (
            np.maximum(
                process.cdist([company], companies, scorer=fuzz.token_sort_ratio)[0],
                process.cdist([company], names, scorer=fuzz.token_sort_ratio)[0],
            )
            if company
            else np.zeros(len(rows))
        )
        by_name = process.cdist([person_name], names, scorer=fuzz.token_sort_ratio)[0]
        scores = np.maximum(by_company, by_name)
        reasons = [
            f'company {round(c)} % similar' if c >= n else f'name {round(n)} % similar'
            for c, n in zip(by_company, by_name, strict=True)
        ]
    scored: list[ClientSuggestion] = []
    for (cid, name, client_company), score, reason in zip(rows, scores, reasons, strict=True):
        if cid == own_client and not wanted:
            score, reason = 101.0, 'this lead is an upsell for it'
        if score >= SUGGEST_CUTOFF:
            scored.append(
                ClientSuggestion(id=cid, name=name, company=client_company, score=float(score), reason=reason)
            )
    scored.sort(key=lambda x: (-x.score, x.name.lower()))
    return scored[:limit]


def _won_stage(s: Session) -> Stage:
    stage = s.exec(select(Stage).where(Stage.key == 'CONVERTED')).first()
    stage = (
        stage
        or s.exec(select(Stage).where(col(Stage.kind) == StageKind.WON).order_by(Stage.position)).first()
    )
    if stage is None:
        raise RuntimeError('no won stage exists')
    return stage


def _ready(s: Session, actor: UserRead, lead_id: int) -> tuple[User, Lead]:
    user, lead = load_workable(s, actor, lead_id)
    stage = s.get(Stage, lead.stage_id)
    if stage is not None and stage.kind == StageKind.WON and lead.client_id is not None:
        client = s.get(Client, lead.client_id)
        raise Conflict(f'This lead was already converted (client: {client.name if client else "?"}).')
    return user, lead


def _convert(s: Session, user: User, lead: Lead, client: Client, created: bool) -> Conversion:
    now = clock.now()
    won = _won_stage(s)
    source = s.get(Stage, lead.stage_id)
    old_stage_id = lead.stage_id
    lead.client_id = client.id
    lead.stage_id = won.id
    if old_stage_id != won.id:
        lead.stage_changed_at = now
    lead.converted_at = lead.converted_at or now
    lead.lost_reason = ''
    lead.updated_at = now
    lead.updated_by_id = user.id
    lead.version += 1
    s.add(lead)
    if client.primary_contact_id is None:
        client.primary_contact_id = lead.contact_id
    if created:
        client.source_lead_id = lead.id
    client.updated_at = now
    client.version += 1
    s.add(client)
    how = 'new client' if created else 'existing client'
    activities.record(
        s,
        kind=ActivityKind.CONVERSION,
        actor_id=user.id,
        contact_id=lead.contact_id,
        lead_id=lead.id,
        client_id=client.id,
        summary=f'Converted to {how} {client.name} (stage: {source.name if source else "?"} → {won.name})',
        data={'from': old_stage_id, 'to': won.id, 'client_id': client.id, 'created': created},
    )
    s.commit()
    result = Conversion(
        lead=LeadRead.model_validate(lead), client=ClientRead.model_validate(client), created=created
    )
    events.publish(
        events.LeadsChanged(frozenset({lead.id}), 'converted', frozenset({old_stage_id, won.id}), user.id)
    )
    events.publish(
        events.ClientsChanged(frozenset({client.id}), 'created' if created else 'lead_added', user.id)
    )
    events.publish(events.ContactsChanged(frozenset({lead.contact_id}), 'converted', user.id))
    return result


def convert_to_new_client(*, actor: UserRead, lead_id: int, values: dict | ClientForm) -> Conversion:
    form = values if isinstance(values, ClientForm) else parse(ClientForm, values)
    with db.session() as s:
        user, lead = _ready(s, actor, lead_id)
        now = clock.now()
        client = Client(**form.model_dump(), created_by_id=user.id, created_at=now, updated_at=now)
        s.add(client)
        s.flush()
        return _convert(s, user, lead, client, created=True)


def convert_into_client(*, actor: UserRead, lead_id: int, client_id: int) -> Conversion:
    with db.session() as s:
        user, lead = _ready(s, actor, lead_id)
        client = s.get(Client, client_id)
        if client is None:
            raise NotFound('That client no longer exists.')
        return _convert(s, user, lead, client, created=False)


def ensure_can_convert(*, actor: UserRead, lead_id: int) -> None:
    """Raise the refusal the convert dialog would meet, before it opens."""
    with db.session() as s:
        _ready(s, actor, lead_id)
