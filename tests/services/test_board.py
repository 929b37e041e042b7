"""Board service: call order, keyset pagination across "Show more", counts, and visibility."""

from datetime import timedelta

import pytest

from models import Lead, UserRead, utcnow
from services import board, board_list, db, leads, stages
from services.board_query import BoardFilter

ALL = BoardFilter()


def new_lead(actor: UserRead, name: str, **fields) -> int:
    data = {'name': name, 'phone': '+1 555 010 2030', **fields}
    return leads.create_lead(actor=actor, data=data).id


def stage_id(key: str) -> int:
    return next(st.id for st in stages.list_stages() if st.key == key)


def column_ids(actor: UserRead, key: str = 'NOT_CONTACTED', filters: BoardFilter = ALL, limit: int = 20):
    ids, cursor = [], None
    while True:
        page = board.column_page(
            actor=actor, filters=filters, stage_id=stage_id(key), after=cursor, limit=limit
        )
        ids += [c.id for c in page.cards]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def test_column_order_is_overdue_oldest_first_then_soonest_then_unscheduled_newest_first(admin) -> None:
    now = utcnow()
    unscheduled_old = new_lead(admin, 'Unscheduled Old')
    later = new_lead(admin, 'Later', next_call_at=now + timedelta(days=3))
    overdue_recent = new_lead(admin, 'Overdue Recent', next_call_at=now - timedelta(hours=1))
    unscheduled_new = new_lead(admin, 'Unscheduled New')
    soon = new_lead(admin, 'Soon', next_call_at=now + timedelta(hours=2))
    overdue_old = new_lead(admin, 'Overdue Old', next_call_at=now - timedelta(days=2))

    expected = [overdue_old, overdue_recent, soon, later, unscheduled_new, unscheduled_old]
    assert column_ids(admin) == expected
    assert [r.id for r in board_list.call_list(actor=admin, filters=ALL).rows] == expected


@pytest.mark.parametrize('limit', [1, 3, 7, 20])
def test_show_more_pages_neither_repeat_nor_skip_cards(admin, limit: int) -> None:
    now = utcnow()
    created = []
    for i in range(23):
        # ties in next_call_at on purpose: the id breaks them, so no card is lost at a page boundary
        when = None if i % 3 == 0 else now + timedelta(hours=(i % 4) - 2)
        created.append(new_lead(admin, f'Person {i}', next_call_at=when))
    ids = column_ids(admin, limit=limit)
    assert len(ids) == len(set(ids)) == 23
    assert set(ids) == set(created)
    assert ids == column_ids(admin, limit=100)


def test_counts_follow_filters_and_moves(admin) -> None:
    first = new_lead(admin, 'Ana Lima', company='Acme')
    new_lead(admin, 'Bo Brown', company='Beta')
    leads.move_lead(actor=admin, lead_id=first, stage_id=stage_id('CONTACTED'))
    assert board.counts(actor=admin, filters=ALL) == {stage_id('NOT_CONTACTED'): 1, stage_id('CONTACTED'): 1}
    assert board.counts(actor=admin, filters=BoardFilter(q='acm')) == {stage_id('CONTACTED'): 1}


def test_visibility_own_claimed_and_pool(make_user, admin) -> None:
    caller = make_user('cal', {'create_leads'})
    manager = make_user('man', {'create_leads', 'manage_leads'})
    other = make_user('oth', {'create_leads'})
    own = new_lead(admin, 'Own Lead', owner_id=caller.id)
    foreign = new_lead(admin, 'Foreign Lead', owner_id=other.id)
    pool = new_lead(admin, 'Pool Lead')
    claimed = new_lead(admin, 'Claimed Lead')
    with db.session() as s:
        lead = s.get(Lead, claimed)
        lead.claimed_by_id, lead.claimed_at = caller.id, utcnow()
        lead.claim_expires_at = utcnow() + timedelta(hours=5)
        s.add(lead)
        s.commit()

    new = stage_id('NOT_CONTACTED')
    assert set(column_ids(caller)) == {own, claimed}
    assert board.counts(actor=caller, filters=ALL) == {new: 2}
    # a manager sees the whole pool (with a colleague's claim on it), but not a lead someone else owns
    assert set(column_ids(manager)) == {pool, claimed}
    assert set(column_ids(admin)) == {own, foreign, pool, claimed}
    assert board.counts(actor=admin, filters=ALL) == {new: 4}
    card = next(
        c for c in board.column_page(actor=caller, filters=ALL, stage_id=new).cards if c.id == claimed
    )
    assert card.claimed_by is not None and card.claimed_by.name == 'Cal'
    assert card.claim_expires_at is not None


def test_filters_owner_tag_source_due_region_stage(make_user, admin) -> None:
    from services.board_query import end_of_today

    bo = make_user('bo', {'create_leads'})
    now = utcnow()
    mine = new_lead(admin, 'Mine', owner_id=admin.id, source='Referral', region='CA')
    bos = new_lead(admin, 'Bos', owner_id=bo.id, next_call_at=now - timedelta(hours=3))
    pool = new_lead(admin, 'Pooled', next_call_at=end_of_today() + timedelta(hours=1))

    def ids(**kwargs) -> set[int]:
        return {r.id for r in board_list.call_list(actor=admin, filters=BoardFilter(**kwargs)).rows}

    assert ids(owner='me') == {mine}
    assert ids(owner='unassigned') == {pool}
    assert ids(owner='BO') == {bos}
    assert ids(owner='nobody-like-that') == set()
    assert ids(source='referral') == {mine}
    assert ids(due=True) == {bos}
    assert ids(region='CA') == {mine}
    assert ids(stage='CONTACTED') == set()
    assert ids(stage='NOT_CONTACTED') == {mine, bos, pool}


def test_search_is_partial_case_and_accent_insensitive(admin) -> None:
    hit = new_lead(admin, 'Chloé Roy', email='chloe@example.com', company='Érable Inc')
    new_lead(admin, 'Dan Smith', email='dan@example.com')
    for query in ('chlo', 'CHLOE', 'erable', 'roy chl', 'example.com chloe'):
        assert {r.id for r in board_list.call_list(actor=admin, filters=BoardFilter(q=query)).rows} == {
            hit
        }, query


def test_call_list_sorts_and_pages(admin) -> None:
    for name in ('Cara', 'alba', 'Bruno'):
        new_lead(admin, name, company=name[::-1])
    page = board_list.call_list(actor=admin, filters=ALL, sort='name')
    assert [r.name for r in page.rows] == ['alba', 'Bruno', 'Cara']
    page = board_list.call_list(actor=admin, filters=ALL, sort='name', descending=True)
    assert [r.name for r in page.rows] == ['Cara', 'Bruno', 'alba']
    first = board_list.call_list(actor=admin, filters=ALL, sort='name', per_page=2)
    second = board_list.call_list(actor=admin, filters=ALL, sort='name', per_page=2, page=2)
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (3, 2, 2, 1)


def test_filter_round_trips_through_the_url() -> None:
    filters = BoardFilter(q='ana', tag=['vip', 'hot', 'vip'], owner='me', due=True)
    assert filters.tag == ('vip', 'hot')
    assert (
        BoardFilter.model_validate(
            {
                k: [v for kk, v in filters.as_query() if kk == k] if k == 'tag' else v
                for k, v in filters.as_query()
            }
        )
        == filters
    )


def test_tag_filter_matches_any_named_tag_and_cards_carry_tag_colors(admin) -> None:
    from models import Tag

    with db.session() as s:
        vip, hot = Tag(name='VIP', name_norm='vip', color='#dc2626'), Tag(name='Hot', name_norm='hot')
        s.add_all([vip, hot])
        s.commit()
        vip_id, hot_id = vip.id, hot.id
    tagged = new_lead(admin, 'Tagged', tag_ids=[vip_id])
    both = new_lead(admin, 'Both', tag_ids=[vip_id, hot_id])
    new_lead(admin, 'Plain')

    def ids(*tags: str) -> set[int]:
        return {r.id for r in board_list.call_list(actor=admin, filters=BoardFilter(tag=tags)).rows}

    assert ids('vip') == {tagged, both}
    assert ids('HOT') == {both}
    assert ids('hot', 'vip') == {tagged, both}
    card = next(r for r in board_list.call_list(actor=admin, filters=ALL).rows if r.id == both)
    assert [(t.name, t.color) for t in card.tags] == [('Hot', '#6366f1'), ('VIP', '#dc2626')]


def test_load_board_snapshot_matches_columns_and_never_serves_a_stale_or_foreign_view(
    make_user, admin
) -> None:
    caller = make_user('cal', {'create_leads'})
    mine = new_lead(admin, 'Callers Own', owner_id=caller.id)
    other = new_lead(admin, 'Someone Else')
    new, contacted = stage_id('NOT_CONTACTED'), stage_id('CONTACTED')
    limits = {new: 20, contacted: 20}

    first = board.load_board(actor=admin, filters=ALL, limits=limits)
    assert [c.id for c in first.columns[new].cards] == column_ids(admin)
    assert first.counts == board.counts(actor=admin, filters=ALL)
    # the same view again is shared; a change drops it
    assert board.load_board(actor=admin, filters=ALL, limits=limits) is first
    leads.move_lead(actor=admin, lead_id=other, stage_id=contacted)
    after = board.load_board(actor=admin, filters=ALL, limits=limits)
    assert [c.id for c in after.columns[contacted].cards] == [other]
    assert after.counts == {new: 1, contacted: 1}
    # someone without View All Leads never gets the shared snapshot
    theirs = board.load_board(actor=caller, filters=ALL, limits=limits)
    assert [c.id for c in theirs.columns[new].cards] == [mine]
    assert theirs.counts == {new: 1}


def test_search_snapshot_pages_like_the_index_and_show_more_continues_it(admin) -> None:
    now = utcnow()
    for i in range(12):
        when = None if i % 3 == 0 else now + timedelta(hours=(i % 5) - 2)
        new_lead(admin, f'Maple Person {i}', next_call_at=when)
    new_lead(admin, 'Oak Person')
    search = BoardFilter(q='maple')
    new = stage_id('NOT_CONTACTED')
    snapshot = board.load_board(actor=admin, filters=search, limits={new: 5})
    assert snapshot.counts == {new: 12}
    first = [c.id for c in snapshot.columns[new].cards]
    assert first == column_ids(admin, filters=search)[:5]
    rest = board.column_page(
        actor=admin, filters=search, stage_id=new, after=snapshot.columns[new].next_cursor
    )
    assert first + [c.id for c in rest.cards] == column_ids(admin, filters=search)
