"""A deterministic demo database: ~300 contacts, ~200 leads over all stages, ~30 clients, tags, notes,
calls overdue / today / later, and an unassigned pool with some live claims."""

import random
from datetime import timedelta

from sqlmodel import Session, select

from models import Activity, ActivityKind, Client, Contact, ContactTag, Lead, Stage, StageKind, Tag, User
from services import clock, db, search, users
from services.demo_people import (
    CA_CITIES,
    COMPANY_KINDS,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    FIRST_NAMES,
    JOB_TITLES,
    LAST_NAMES,
    NOTES,
    TAGS,
    US_CITIES,
)
from services.normalize import fold, normalize_email, normalize_phone

SOURCES = ('Website', 'Referral', 'LinkedIn', 'Cold Call', 'Email', 'Event', 'Other')
PRODUCTS = ('Home', 'Auto', 'Life', 'Health', 'Business')
# username, display name, password, permissions, what they show
DEMO_USERS = (
    (
        'admin',
        'Alex Admin',
        'demo-admin-1',
        {'create_leads', 'manage_leads', 'view_all_leads', 'admin'},
        'admin',
    ),
    (
        'ana',
        'Ana Ortiz',
        'demo-ana-2024',
        {'create_leads', 'manage_leads', 'view_all_leads'},
        'sales manager',
    ),
    ('ben', 'Ben Carter', 'demo-ben-2024', {'create_leads', 'manage_leads'}, 'caller, claims from the pool'),
    ('chloe', 'Chloé Roy', 'demo-chloe-24', {'create_leads'}, 'caller, own leads only'),
)
CONTACTS = 300
LEADS = 200
CLIENTS = 30


def seed_if_empty(seed: int = 2026) -> list[tuple[str, str, str]]:
    """Seed when the database holds no leads; returns the demo accounts (username, password, role)."""
    with db.session() as s:
        if s.exec(select(Lead.id).limit(1)).first() is None:
            _seed(s, random.Random(seed))
            s.commit()
    return [(u, pw, role) for u, _, pw, _, role in DEMO_USERS]


def _seed(s: Session, rng: random.Random) -> None:
    now = clock.now()
    team = _users(s)
    stages = {st.key: st for st in s.exec(select(Stage))}
    tags = _tags(s)
    contacts = [_person(rng, i, now) for i in range(CONTACTS)]
    s.add_all(contacts)
    s.flush()
    search.index_contacts(s, contacts)
    for contact in contacts:
        for tag in rng.sample(tags, k=rng.choice((0, 0, 1, 1, 2))):
            s.add(ContactTag(contact_id=contact.id, tag_id=tag.id))
    open_keys = [k for k, st in stages.items() if st.kind == StageKind.OPEN]
    weights = {'NOT_CONTACTED': 6, 'CONTACTED': 4, 'QUALIFIED': 3}
    leads: list[Lead] = []
    for i, contact in enumerate(contacts[:LEADS]):
        key = (
            'CONVERTED'
            if i < CLIENTS
            else 'LOST'
            if i < CLIENTS + 14
            else rng.choices(open_keys, weights=[weights.get(k, 2) for k in open_keys])[0]
        )
        leads.append(_lead(rng, contact, stages[key], team, now, pool=i % 5 == 0 and key != 'CONVERTED'))
    s.add_all(leads)
    s.flush()
    for lead, contact in zip(leads[:CLIENTS], contacts[:CLIENTS], strict=True):
        client = Client(
            name=contact.company or contact.name,
            company=contact.company,
            email=contact.email,
            phone=contact.phone,
            city=contact.city,
            state=contact.state,
            country=contact.country,
            region=contact.region,
            primary_contact_id=contact.id,
            source_lead_id=lead.id,
            created_at=lead.converted_at or now,
        )
        s.add(client)
        s.flush()
        lead.client_id = client.id
    _history(s, rng, leads, team, now)


def _users(s: Session) -> list[User]:
    team = []
    for username, name, password, permissions, _ in DEMO_USERS:
        user = s.exec(select(User).where(User.username == username)).first()
        if user is None:
            user = User(
                username=username,
                display_name=name,
                password_hash=users.hash_password(password),
                can_create_leads='create_leads' in permissions,
                can_manage_leads='manage_leads' in permissions,
                can_view_all_leads='view_all_leads' in permissions,
                is_admin='admin' in permissions,
            )
            s.add(user)
            s.flush()
        team.append(user)
    return team


def _tags(s: Session) -> list[Tag]:
    tags = []
    for name, color in TAGS:
        tag = s.exec(select(Tag).where(Tag.name_norm == name.lower())).first() or Tag(
            name=name, name_norm=name.lower(), color=color
        )
        s.add(tag)
        tags.append(tag)
    s.flush()
    return tags


def _person(rng: random.Random, i: int, now) -> Contact:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    canadian = rng.random() < 0.35
    city, state, area = rng.choice(CA_CITIES if canadian else US_CITIES)
    company = ' '.join(
        filter(None, (rng.choice(COMPANY_WORDS), rng.choice(COMPANY_KINDS), rng.choice(COMPANY_SUFFIXES)))
    )
    domain = fold(company.split()[0]).replace("'", '') + rng.choice(
        ('.com', '.ca' if canadian else '.net', '.co')
    )
    email = (
        f'{fold(first)}.{fold(last)}@{domain}'.replace(' ', '').replace("'", '')
        if rng.random() < 0.85
        else ''
    )
    phone = (
        f'({area}) 555-{rng.randint(100, 999):03d}{rng.randint(0, 9)}'
        if rng.random() < 0.8 or not email
        else ''
    )
    created = now - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 1440))
    return Contact(
        name=f'{first} {last}',
        first_name=first,
        last_name=last,
        email=email,
        email_norm=normalize_email(email),
        phone=phone,
        phone_e164=normalize_phone(phone, 'CA' if canadian else 'US'),
        company=company if rng.random() < 0.9 else '',
        job_title=rng.choice(JOB_TITLES),
        city=city,
        state=state,
        country='Canada' if canadian else 'United States',
        region='CA' if canadian else 'US',
        source=rng.choice(SOURCES),
        notes=rng.choice(NOTES) if rng.random() < 0.3 else '',
        created_at=created,
        updated_at=created,
    )


def _lead(rng: random.Random, contact: Contact, stage: Stage, team: list[User], now, *, pool: bool) -> Lead:
    callers = team[1:]
    created = contact.created_at + timedelta(hours=rng.randint(0, 48))
    lead = Lead(
        contact_id=contact.id,
        stage_id=stage.id,
        source=contact.source,
        product_type=rng.choice(PRODUCTS),
        owner_id=None if pool else rng.choice(callers).id,
        created_at=created,
        updated_at=created,
        stage_changed_at=created + timedelta(days=rng.randint(0, 20)),
        created_by_id=team[0].id,
    )
    if stage.kind == StageKind.OPEN:
        # a spread of overdue, due today, later and unscheduled calls so the call list has every kind
        roll = rng.random()
        if roll < 0.25:
            lead.next_call_at = now - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 12))
        elif roll < 0.45:
            lead.next_call_at = now.replace(hour=rng.randint(13, 22), minute=rng.choice((0, 15, 30, 45)))
        elif roll < 0.8:
            lead.next_call_at = (now + timedelta(days=rng.randint(1, 14))).replace(
                hour=rng.randint(9, 17), minute=0
            )
        if pool and rng.random() < 0.4:
            claimer = rng.choice([u for u in callers if u.can_manage_leads])
            lead.claimed_by_id = claimer.id
            lead.claimed_at = now - timedelta(hours=rng.randint(1, 20))
            lead.claim_expires_at = lead.claimed_at + timedelta(hours=24)
    elif stage.kind == StageKind.WON:
        lead.converted_at = lead.stage_changed_at
    else:
        lead.lost_reason = rng.choice(('Went with a competitor', 'No budget', 'Not reachable', ''))
    return lead


def _history(s: Session, rng: random.Random, leads: list[Lead], team: list[User], now) -> None:
    outcomes = ('no answer', 'voicemail', 'talked', 'talked', 'meeting booked')
    for lead in leads:
        actor = next((u for u in team if u.id == lead.owner_id), team[1])
        s.add(
            Activity(
                kind=ActivityKind.CREATE,
                contact_id=lead.contact_id,
                lead_id=lead.id,
                actor_id=team[0].id,
                summary='Lead created in New',
                created_at=lead.created_at,
            )
        )
        for n in range(rng.choice((0, 1, 1, 2, 3))):
            at = lead.created_at + timedelta(days=n + 1, hours=rng.randint(0, 8))
            if at > now:
                break
            outcome = rng.choice(outcomes)
            s.add(
                Activity(
                    kind=ActivityKind.CALL,
                    contact_id=lead.contact_id,
                    lead_id=lead.id,
                    actor_id=actor.id,
                    summary=f'Call: {outcome}',
                    body=rng.choice(NOTES) if rng.random() < 0.5 else '',
                    data={'outcome': outcome},
                    created_at=at,
                )
            )
            contact = s.get(Contact, lead.contact_id)
            if contact is not None:
                contact.last_contacted_at = max(filter(None, (contact.last_contacted_at, at)))
        if lead.claimed_by_id:
            s.add(
                Activity(
                    kind=ActivityKind.CLAIM,
                    contact_id=lead.contact_id,
                    lead_id=lead.id,
                    actor_id=lead.claimed_by_id,
                    summary='Claimed for 24 h',
                    created_at=lead.claimed_at or now,
                )
            )
