"""The claim pool: claim, release, take ownership, assign, and returning lapsed claims to the pool.

Claiming is one conditional UPDATE ("... WHERE the lead is still in the pool"), so the database decides
which of two simultaneous claims wins; nothing is read first and written later."""

from datetime import timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from models import ActivityKind, Lead, LeadRead, User, UserRead
from services import access, activities, app_settings, clock, db, events
from services.errors import Conflict, Invalid, NotFound
from services.leads import claim_is_live, load_visible
from services.relative_time import ago


def _display_name(s: Session, user_id: int | None) -> str:
    user = s.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else 'someone'


def _refusal(
    s: Session, lead_id: int, actor_id: int, fallback: str = 'This lead changed meanwhile. Please try again.'
) -> Conflict | NotFound:
    """Why a conditional update matched nothing, in words: who has the lead now."""
    s.expire_all()
    lead = s.get(Lead, lead_id)
    if lead is None:
        return NotFound(f'Lead #{lead_id} does not exist (it may have been deleted).')
    now = clock.now()
    if claim_is_live(lead):
        if lead.claimed_by_id == actor_id:
            return Conflict('You have already claimed this lead.')
        name = _display_name(s, lead.claimed_by_id)
        return Conflict(f'{name} claimed this lead {ago(lead.claimed_at or now, now)}.')
    if lead.owner_id is not None:
        if lead.owner_id == actor_id:
            return Conflict('You already own this lead.')
        return Conflict(f'{_display_name(s, lead.owner_id)} owns this lead, so it is not in the pool.')
    return Conflict(fallback)


def _existing(s: Session, lead_id: int) -> Lead:
    lead = s.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f'Lead #{lead_id} does not exist (it may have been deleted).')
    return lead


def _log_and_commit(
    s: Session, lead: Lead, user: User, kind: ActivityKind, summary: str, data: dict | None = None
) -> LeadRead:
    """Record what happened on the lead's timeline and commit it with the change."""
    activities.record(
        s,
        kind=kind,
        actor_id=user.id,
        contact_id=lead.contact_id,
        lead_id=lead.id,
        summary=summary,
        data=data,
    )
    s.commit()
    return LeadRead.model_validate(lead)


def _publish(lead: LeadRead, kind: str, actor_id: int | None) -> None:
    events.publish(events.LeadsChanged(frozenset({lead.id}), kind, frozenset({lead.stage_id}), actor_id))


def claim_lead(*, actor: UserRead, lead_id: int) -> LeadRead:
    """Claim a pool lead for the claim window. Of simultaneous claims exactly one wins; the others get a
    Conflict naming the winner."""
    with db.session() as s:
        user = access.require(s, actor, 'manage_leads')
        # no visibility check first: a pool lead someone just claimed is hidden from callers without View
        # All Leads, yet the right answer is "Ben claimed it", which the refusal below gives
        _existing(s, lead_id)
        hours = float(app_settings.read(s, 'claim_window_hours'))
        now = clock.now()
        in_pool = and_(
            col(Lead.id) == lead_id,
            col(Lead.owner_id).is_(None),
            or_(
                col(Lead.claimed_by_id).is_(None),
                col(Lead.claim_expires_at).is_(None),
                col(Lead.claim_expires_at) <= now,
            ),
        )
        result = s.exec(
            update(Lead)
            .where(in_pool)
            .values(
                claimed_by_id=user.id,
                claimed_at=now,
                claim_expires_at=now + timedelta(hours=hours),
                updated_at=now,
                updated_by_id=user.id,
                version=Lead.version + 1,
            )
        )
        if result.rowcount != 1:
            s.rollback()
            raise _refusal(s, lead_id, user.id)
        lead = s.get(Lead, lead_id)
        s.refresh(lead)
        read = _log_and_commit(
            s,
            lead,
            user,
            ActivityKind.CLAIM,
            f'Claimed by {user.display_name} for {hours:g} h',
            data={'user_id': user.id, 'until': lead.claim_expires_at.isoformat()},
        )
    _publish(read, 'claimed', actor.id)
    return read


def release_lead(*, actor: UserRead, lead_id: int) -> LeadRead:
    """The claimer gives a claimed lead back to the pool."""
    with db.session() as s:
        user = access.current(s, actor)
        lead = _existing(s, lead_id)
        if not claim_is_live(lead) or lead.claimed_by_id != user.id:
            raise Conflict(
                'Only the person who claimed this lead can release it, and it is not claimed by you.'
            )
        now = clock.now()
        result = s.exec(
            update(Lead)
            .where(
                col(Lead.id) == lead_id, col(Lead.claimed_by_id) == user.id, col(Lead.claim_expires_at) > now
            )
            .values(
                claimed_by_id=None,
                claimed_at=None,
                claim_expires_at=None,
                updated_at=now,
                updated_by_id=user.id,
                version=Lead.version + 1,
            )
        )
        if result.rowcount != 1:
            s.rollback()
            raise Conflict('Your claim on this lead has already ended.')
        s.refresh(lead)
        read = _log_and_commit(
            s, lead, user, ActivityKind.RELEASE, f'Released to the pool by {user.display_name}'
        )
    _publish(read, 'released', actor.id)
    return read


def take_ownership(*, actor: UserRead, lead_id: int) -> LeadRead:
    """The claimer becomes the owner; the claim ends."""
    with db.session() as s:
        user = access.current(s, actor)
        lead = _existing(s, lead_id)
        now = clock.now()
        result = s.exec(
            update(Lead)
            .where(
                col(Lead.id) == lead_id,
                col(Lead.claimed_by_id) == user.id,
                col(Lead.claim_expires_at) > now,
                col(Lead.owner_id).is_(None),
            )
            .values(
                owner_id=user.id,
                claimed_by_id=None,
                claimed_at=None,
                claim_expires_at=None,
                updated_at=now,
                updated_by_id=user.id,
                version=Lead.version + 1,
            )
        )
        if result.rowcount != 1:
            s.rollback()
            if lead.claimed_by_id == user.id and lead.owner_id is None:
                raise Conflict('Your claim on this lead has ended; claim it again to take ownership.')
            raise _refusal(s, lead_id, user.id, 'Claim this lead first, then take ownership.')
        s.refresh(lead)
        read = _log_and_commit(
            s,
            lead,
            user,
            ActivityKind.OWNERSHIP,
            f'{user.display_name} took ownership',
            data={'owner_id': user.id},
        )
    _publish(read, 'owner_changed', actor.id)
    return read


def assign_lead(*, actor: UserRead, lead_id: int, owner_id: int | None) -> LeadRead:
    """A manager gives a lead to a user (ending any claim), or with `owner_id=None` returns it to the pool."""
    with db.session() as s:
        user = access.require(s, actor, 'manage_leads')
        lead = load_visible(s, user, lead_id)
        owner = s.get(User, owner_id) if owner_id is not None else None
        if owner_id is not None and (owner is None or not owner.active):
            raise Invalid('The chosen user is not an active user.')
        if owner is not None and not (owner.can_manage_leads or owner.can_create_leads or owner.is_admin):
            raise Invalid(f'{owner.display_name} has no lead permissions, so they could not work this lead.')
        previous = _display_name(s, lead.owner_id) if lead.owner_id else 'nobody'
        if lead.owner_id == owner_id and not claim_is_live(lead):
            return LeadRead.model_validate(lead)
        now = clock.now()
        lead.owner_id = owner_id
        lead.claimed_by_id = None
        lead.claimed_at = None
        lead.claim_expires_at = None
        lead.updated_at = now
        lead.updated_by_id = user.id
        lead.version += 1
        s.add(lead)
        target = owner.display_name if owner is not None else 'the pool'
        read = _log_and_commit(
            s,
            lead,
            user,
            ActivityKind.ASSIGNMENT,
            f'Assigned to {target} by {user.display_name} (was {previous})',
            data={'owner_id': owner_id},
        )
    _publish(read, 'owner_changed', actor.id)
    return read


def assignable_users(*, actor: UserRead) -> list[UserRead]:
    """Who a manager can assign leads to: active users with a lead permission."""
    with db.session() as s:
        access.require(s, actor, 'manage_leads')
        rows = s.exec(select(User).where(col(User.active)).order_by(col(User.display_name))).all()
        return [
            UserRead.model_validate(u) for u in rows if u.can_manage_leads or u.can_create_leads or u.is_admin
        ]


def sweep_expired_claims() -> list[int]:
    """Return lapsed claims to the pool, log "claim expired" and broadcast. Safe to run anywhere, any time:
    each lead is cleared by a conditional update, so two sweeps never log the same expiry twice. One
    transaction for the whole batch: a commit per lead would make 1,000 lapsed claims take seconds."""
    now = clock.now()
    expired: list[Lead] = []
    with db.session() as s:
        lapsed = s.exec(
            select(Lead).where(col(Lead.claimed_by_id).is_not(None), col(Lead.claim_expires_at) <= now)
        ).all()
        names: dict[int, str] = {}
        for lead in lapsed:
            claimer, until = lead.claimed_by_id, lead.claim_expires_at
            result = s.exec(
                update(Lead)
                .where(
                    col(Lead.id) == lead.id,
                    col(Lead.claimed_by_id) == claimer,
                    col(Lead.claim_expires_at) == until,
                )
                .values(claimed_by_id=None, claimed_at=None, claim_expires_at=None, version=Lead.version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                continue
            if claimer not in names:
                names[claimer] = _display_name(s, claimer)
            activities.record(
                s,
                kind=ActivityKind.CLAIM_EXPIRED,
                actor_id=None,
                contact_id=lead.contact_id,
                lead_id=lead.id,
                summary=f'Claim by {names[claimer]} expired; back in the pool',
                data={'user_id': claimer},
            )
            expired.append(lead)
        s.commit()
        ids = frozenset(lead.id for lead in expired)
        stage_ids = frozenset(lead.stage_id for lead in expired)
    if ids:
        events.publish(events.LeadsChanged(ids, 'claim_expired', stage_ids, None))
    return sorted(ids)
