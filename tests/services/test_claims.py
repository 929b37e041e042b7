"""The claim pool: atomic claims, release, take ownership, assign, and expiry."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from models import Activity, ActivityKind, Lead
from services import claims, clock, db, events, leads
from services.errors import Conflict, Forbidden

MANAGE = {'create_leads', 'manage_leads'}


@pytest.fixture
def pool_lead(admin):
    return leads.create_lead(actor=admin, data={'name': 'Pat Pool', 'phone': '+1 555 010 2030'})


def _activities(lead_id: int, kind: ActivityKind) -> list[Activity]:
    with db.session() as s:
        return list(s.exec(select(Activity).where(Activity.lead_id == lead_id, Activity.kind == kind)))


def test_twenty_simultaneous_claims_have_exactly_one_winner(make_user, pool_lead) -> None:
    callers = [make_user(f'caller{i}', MANAGE) for i in range(20)]
    barrier = threading.Barrier(len(callers))
    wins, conflicts, other = [], [], []

    def claim(user) -> None:
        barrier.wait()
        try:
            claims.claim_lead(actor=user, lead_id=pool_lead.id)
            wins.append(user)
        except Conflict as e:
            conflicts.append(str(e))
        except Exception as e:  # noqa: BLE001 - any other failure is a test failure, reported below
            other.append(repr(e))

    threads = [threading.Thread(target=claim, args=(u,)) for u in callers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    assert len(wins) == 1 and len(conflicts) == 19
    winner = wins[0]
    assert all(f'{winner.display_name} claimed this lead' in message for message in conflicts)
    with db.session() as s:
        lead = s.get(Lead, pool_lead.id)
        assert lead.claimed_by_id == winner.id
    assert len(_activities(pool_lead.id, ActivityKind.CLAIM)) == 1


def test_claim_needs_manage_leads(make_user, pool_lead) -> None:
    caller = make_user('chloe', {'create_leads'})
    with pytest.raises(Forbidden):
        claims.claim_lead(actor=caller, lead_id=pool_lead.id)


def test_second_claim_is_refused_with_the_claimers_name_and_age(make_user, pool_lead) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    ben = make_user('ben', MANAGE, 'Ben Carter')
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with clock.frozen(start) as advance:
        claims.claim_lead(actor=ben, lead_id=pool_lead.id)
        advance(timedelta(seconds=3))
        with pytest.raises(Conflict, match='Ben Carter claimed this lead 3 seconds ago'):
            claims.claim_lead(actor=ana, lead_id=pool_lead.id)


def test_release_and_take_ownership(make_user, pool_lead) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    ben = make_user('ben', MANAGE, 'Ben Carter')
    claims.claim_lead(actor=ana, lead_id=pool_lead.id)
    with pytest.raises(Conflict):
        claims.release_lead(actor=ben, lead_id=pool_lead.id)
    released = claims.release_lead(actor=ana, lead_id=pool_lead.id)
    assert released.claimed_by_id is None
    claims.claim_lead(actor=ben, lead_id=pool_lead.id)
    owned = claims.take_ownership(actor=ben, lead_id=pool_lead.id)
    assert owned.owner_id == ben.id and owned.claimed_by_id is None
    with pytest.raises(Conflict, match='Ben Carter owns this lead'):
        claims.claim_lead(actor=ana, lead_id=pool_lead.id)
    kinds = [a.kind for a in _activities(pool_lead.id, ActivityKind.OWNERSHIP)]
    assert kinds == [ActivityKind.OWNERSHIP]


def test_take_ownership_without_a_claim_is_refused(make_user, pool_lead) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    with pytest.raises(Conflict, match='Claim this lead first'):
        claims.take_ownership(actor=ana, lead_id=pool_lead.id)


def test_assign_ends_a_claim_and_can_return_to_pool(admin, make_user, pool_lead) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    ben = make_user('ben', {'create_leads'}, 'Ben Carter')
    claims.claim_lead(actor=ana, lead_id=pool_lead.id)
    assigned = claims.assign_lead(actor=admin, lead_id=pool_lead.id, owner_id=ben.id)
    assert assigned.owner_id == ben.id and assigned.claimed_by_id is None
    with pytest.raises(Forbidden):
        claims.assign_lead(actor=ben, lead_id=pool_lead.id, owner_id=None)
    back = claims.assign_lead(actor=admin, lead_id=pool_lead.id, owner_id=None)
    assert back.owner_id is None
    summaries = [a.summary for a in _activities(pool_lead.id, ActivityKind.ASSIGNMENT)]
    assert any('Assigned to Ben Carter' in x for x in summaries)
    assert any('Assigned to the pool' in x for x in summaries)


def test_lapsed_claim_counts_as_none_and_the_sweep_returns_it(make_user, pool_lead) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    ben = make_user('ben', MANAGE, 'Ben Carter')
    seen: list[events.LeadsChanged] = []
    unsubscribe = events.subscribe(lambda e: seen.append(e) if isinstance(e, events.LeadsChanged) else None)
    try:
        with clock.frozen(datetime.now(UTC)) as advance:
            claims.claim_lead(actor=ana, lead_id=pool_lead.id)
            advance(timedelta(hours=24, seconds=1))
            # before the sweep: the lapsed claim is no claim
            assert not leads.claim_is_live(leads.get_lead(actor=ana, lead_id=pool_lead.id))
            assert claims.sweep_expired_claims() == [pool_lead.id]
            assert claims.sweep_expired_claims() == []
            with db.session() as s:
                assert s.get(Lead, pool_lead.id).claimed_by_id is None
            expired = _activities(pool_lead.id, ActivityKind.CLAIM_EXPIRED)
            assert len(expired) == 1 and 'Ana Ortiz' in expired[0].summary
            assert any(e.kind == 'claim_expired' and pool_lead.id in e.lead_ids for e in seen)
            claims.claim_lead(actor=ben, lead_id=pool_lead.id)
    finally:
        unsubscribe()


def test_lapsed_claim_can_be_claimed_before_the_sweep(make_user, pool_lead) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    ben = make_user('ben', MANAGE, 'Ben Carter')
    with clock.frozen(datetime.now(UTC)) as advance:
        claims.claim_lead(actor=ana, lead_id=pool_lead.id)
        advance(timedelta(hours=25))
        won = claims.claim_lead(actor=ben, lead_id=pool_lead.id)
    assert won.claimed_by_id == ben.id


def test_a_manager_sees_someone_elses_claim_read_only(make_user, pool_lead) -> None:
    from services import lead_view, lead_work

    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    ben = make_user('ben', MANAGE, 'Ben Carter')
    claims.claim_lead(actor=ana, lead_id=pool_lead.id)
    seen = lead_view.get_lead_detail(actor=ben, lead_id=pool_lead.id)
    assert seen.claimed_by_name == 'Ana Ortiz' and not seen.can_work and seen.can_claim
    assert not seen.can_release and not seen.can_take_ownership
    # assigning stays a manager's override: they can hand the lead to anyone, claim or not
    assert seen.can_assign
    with pytest.raises(Forbidden):
        lead_work.add_note(actor=ben, lead_id=pool_lead.id, text='not mine')
    mine = lead_view.get_lead_detail(actor=ana, lead_id=pool_lead.id)
    assert mine.can_work and mine.can_release and mine.can_take_ownership and not mine.can_claim
    caller = make_user('cal', {'create_leads'})
    with pytest.raises(Forbidden):
        lead_view.get_lead_detail(actor=caller, lead_id=pool_lead.id)


def test_the_claim_window_comes_from_settings(admin, make_user, pool_lead) -> None:
    from services import app_settings

    app_settings.update(actor=admin, values={'claim_window_hours': 2})
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with clock.frozen(start):
        claimed = claims.claim_lead(actor=ana, lead_id=pool_lead.id)
    assert claimed.claim_expires_at == start + timedelta(hours=2)
