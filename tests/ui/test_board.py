"""/leads with the NiceGUI `user` fixture: each filter from the URL, the visibility rule, live updates,
Show more, the call list and the New lead dialog."""

import asyncio
from datetime import timedelta
from urllib.parse import quote

from nicegui.testing import User

from models import Lead, Tag, UserRead, utcnow
from services import db, leads, stages
from tests.conftest import PASSWORD
from tests.ui.helpers import sign_in


def add(actor: UserRead, name: str, **fields) -> int:
    return leads.create_lead(actor=actor, data={'name': name, 'phone': '+1 555 010 2030', **fields}).id


def stage_id(key: str) -> int:
    return next(st.id for st in stages.list_stages() if st.key == key)


def count(user: User, key: str) -> str:
    return user.find(marker=f'count-{key.lower()}').elements.pop().text


async def sign_in_at(user: User, username: str, path: str) -> None:
    """Sign in and land on `path`: one board client only (a second, older board in the same simulated
    user would also react to live events and blur what the test sees)."""
    await user.open(f'/login?next={quote(path)}')
    user.find(marker='login-username').type(username)
    user.find(marker='login-password').type(PASSWORD)
    user.find(marker='login-submit').click()
    await user.should_see(marker='board', retries=50)


def look(user: User, lead_id: int) -> dict:
    """What a card shows (drawn in the browser from these props)."""
    return user.find(marker=f'lead-card-{lead_id}').elements.pop().props['card']


async def in_column(user: User, key: str, lead_id: int) -> None:
    """Wait (briefly) until the card sits in that stage's column: live updates land a moment later."""
    for _ in range(40):
        column = user.find(marker=f'column-{key.lower()}').elements.pop()
        if any(f'lead-card-{lead_id}' in el._markers for el in column.descendants()):
            return
        await asyncio.sleep(0.025)
    raise AssertionError(f'lead {lead_id} never arrived in {key}')


async def eventually(condition, timeout: float = 1.0) -> None:
    for _ in range(int(timeout / 0.025)):
        if condition():
            return
        await asyncio.sleep(0.025)
    assert condition()


def list_rows(user: User) -> list:
    """The call list's rows, top to bottom."""
    table = user.find(marker='call-list').elements.pop()
    return [el for el in table.descendants() if 'data-lead' in el.props]


async def see_only(user: User, shown: list[int], hidden: list[int]) -> None:
    for lead_id in shown:
        await user.should_see(marker=f'lead-card-{lead_id}')
    for lead_id in hidden:
        await user.should_not_see(marker=f'lead-card-{lead_id}')


async def test_columns_in_stage_order_with_counts(user: User, admin) -> None:
    first = add(admin, 'Ana Lima')
    add(admin, 'Bo Brown')
    leads.move_lead(actor=admin, lead_id=first, stage_id=stage_id('QUALIFIED'))
    await sign_in(user, 'admin')
    await user.should_see(marker='board')
    columns = [el for el in user.find(marker='board').elements.pop().default_slot.children]
    assert [c.props['data-stage'] for c in columns] == [st.key for st in stages.list_stages()]
    assert count(user, 'NOT_CONTACTED') == '1'
    assert count(user, 'QUALIFIED') == '1'
    assert count(user, 'LOST') == '0'


async def test_search_from_url_and_typing(user: User, admin) -> None:
    ana = add(admin, 'Ána Lima', company='Acme')
    bo = add(admin, 'Bo Brown', email='bo@beta.example')
    await sign_in(user, 'admin')
    await user.open('/leads?q=ana')
    await see_only(user, [ana], [bo])
    user.find(marker='board-search').clear().type('beta.ex')
    await see_only(user, [bo], [ana])


async def test_a_one_letter_search_says_it_needs_another_letter_and_filters_nothing(
    user: User, admin
) -> None:
    ana = add(admin, 'Ana Lima')
    dan = add(admin, 'Dan Roy')
    await sign_in(user, 'admin')
    await user.open('/leads')
    box = user.find(marker='board-search')
    box.type('a')
    await see_only(user, [ana, dan], [])
    search = box.elements.pop()
    assert search.props.get('hint') == 'Type at least 2 letters to search'
    user.find(marker='board-search').type('n')
    await see_only(user, [ana], [dan])  # "an" starts a word in Ana, and is only inside Dan
    assert 'hint' not in search.props


async def test_owner_filters(user: User, admin, make_user) -> None:
    bo = make_user('bo', {'create_leads'})
    mine = add(admin, 'Mine', owner_id=admin.id)
    bos = add(admin, 'Bos', owner_id=bo.id)
    pool = add(admin, 'Pool')
    await sign_in(user, 'admin')
    await user.open('/leads?owner=me')
    await see_only(user, [mine], [bos, pool])
    await user.open('/leads?owner=unassigned')
    await see_only(user, [pool], [mine, bos])
    await user.open('/leads?owner=bo')
    await see_only(user, [bos], [mine, pool])
    assert count(user, 'NOT_CONTACTED') == '1'


async def test_tag_source_stage_and_due_filters(user: User, admin) -> None:
    with db.session() as s:
        vip = Tag(name='VIP', name_norm='vip', color='#dc2626')
        s.add(vip)
        s.commit()
        vip_id = vip.id
    tagged = add(admin, 'Tagged', tag_ids=[vip_id], source='Referral')
    overdue = add(admin, 'Overdue', next_call_at=utcnow() - timedelta(hours=2))
    later = add(admin, 'Later', next_call_at=utcnow() + timedelta(days=5))
    leads.move_lead(actor=admin, lead_id=later, stage_id=stage_id('CONTACTED'))
    await sign_in(user, 'admin')
    await user.open('/leads?tag=vip')
    await see_only(user, [tagged], [overdue, later])
    assert list(look(user, tagged)['tags']) == [{'name': 'VIP', 'color': '#dc2626'}]
    await user.open('/leads?source=Referral')
    await see_only(user, [tagged], [overdue, later])
    await user.open('/leads?due=1')
    await see_only(user, [overdue], [tagged, later])
    await user.open('/leads?stage=CONTACTED')
    await see_only(user, [later], [tagged, overdue])
    await user.should_not_see(marker='column-not_contacted')


async def test_region_pages(user: User, admin) -> None:
    us = add(admin, 'Sam Us', region='US')
    ca = add(admin, 'Cam Ca', region='CA')
    await sign_in(user, 'admin')
    await user.open('/ca/leads')
    await see_only(user, [ca], [us])
    await user.open('/us/leads')
    await see_only(user, [us], [ca])


async def test_visibility_rule_on_the_board(user: User, admin, make_user) -> None:
    caller = make_user('cal', {'create_leads'})
    other = make_user('oth', {'create_leads'})
    own = add(admin, 'Own', owner_id=caller.id)
    foreign = add(admin, 'Foreign', owner_id=other.id)
    pool = add(admin, 'Pool')
    claimed = add(admin, 'Claimed')
    with db.session() as s:
        lead = s.get(Lead, claimed)
        lead.claimed_by_id, lead.claimed_at = caller.id, utcnow()
        lead.claim_expires_at = utcnow() + timedelta(hours=3)
        s.add(lead)
        s.commit()
    await sign_in(user, 'cal')
    await see_only(user, [own, claimed], [foreign, pool])
    assert count(user, 'NOT_CONTACTED') == '2'
    assert look(user, claimed)['claim_text'] == 'Claimed by Cal · 2 h left'
    assert look(user, own)['claim_text'] == ''


async def test_a_manager_claims_a_pool_lead_from_its_card(user: User, admin, make_user) -> None:
    mia = make_user('mia', {'create_leads', 'manage_leads'}, display_name='Mia Manager')
    pool = add(admin, 'Polly Pool')
    owned = add(admin, 'Owned', owner_id=mia.id)
    await sign_in_at(user, 'mia', '/leads')
    await see_only(user, [pool, owned], [])
    assert [a['key'] for a in look(user, pool)['actions']] == ['claim']
    assert list(look(user, owned)['actions']) == []
    user.find(marker=f'lead-card-{pool}').trigger('action', 'claim')
    await user.should_see('You claimed Polly Pool.')
    assert leads.get_lead(actor=admin, lead_id=pool).claimed_by_id is not None
    for _ in range(50):  # the live update redraws the card: a claim badge, and no Claim any more
        if list(look(user, pool)['actions']) == []:
            break
        await asyncio.sleep(0.02)
    assert look(user, pool)['claim_text'].startswith('Claimed by Mia')
    assert list(look(user, pool)['actions']) == []


async def test_live_create_move_and_leaving_the_filter(user: User, admin) -> None:
    ana = add(admin, 'Ana Lima', company='Acme')
    await sign_in_at(user, 'admin', '/leads?q=acme')
    await see_only(user, [ana], [])
    bo = add(admin, 'Bo Acme')
    other = add(admin, 'Zed Zulu')
    await see_only(user, [ana, bo], [other])
    await eventually(lambda: count(user, 'NOT_CONTACTED') == '2')
    leads.move_lead(actor=admin, lead_id=ana, stage_id=stage_id('CONTACTED'))
    await in_column(user, 'CONTACTED', ana)
    await eventually(lambda: count(user, 'CONTACTED') == '1' and count(user, 'NOT_CONTACTED') == '1')


async def test_show_more_appends_the_next_page(user: User, admin) -> None:
    ids = [add(admin, f'Person {i:02d}') for i in range(25)]
    await sign_in(user, 'admin')
    newest_first = list(reversed(ids))
    await see_only(user, newest_first[:20], newest_first[20:])
    user.find(marker='more-not_contacted').click()
    await see_only(user, newest_first, [])
    await user.should_not_see(marker='more-not_contacted')


async def test_call_list_orders_and_marks_overdue(user: User, admin) -> None:
    later = add(admin, 'Later', next_call_at=utcnow() + timedelta(days=2))
    overdue = add(admin, 'Overdue', next_call_at=utcnow() - timedelta(days=1))
    loose = add(admin, 'Loose')
    await sign_in(user, 'admin')
    await user.open('/leads?view=list')
    await user.should_see(marker='call-list')
    rows = list_rows(user)
    assert [int(r.props['data-lead']) for r in rows] == [overdue, later, loose]
    assert rows[0].props['data-due'] == 'overdue'
    user.find(marker='sort-name').click()
    rows = list_rows(user)
    assert [int(r.props['data-lead']) for r in rows] == [later, loose, overdue]


async def test_new_lead_dialog_validates_then_creates(user: User, admin) -> None:
    await sign_in_at(user, 'admin', '/leads')
    user.find(marker='new-lead').click()
    user.find(marker='new-lead-name').type('Nina North')
    user.find(marker='new-lead-submit').click()
    await user.should_see('Please enter a phone number or an email address')
    user.find(marker='new-lead-email').type('nina@north.example')
    user.find(marker='new-lead-submit').click()
    await user.should_see('Lead “Nina North” created in New.')
    await eventually(lambda: count(user, 'NOT_CONTACTED') == '1')
    await user.should_see(marker='lead-card-1')


async def test_without_create_permission_there_is_no_new_lead_button(user: User, admin, make_user) -> None:
    make_user('viewer', set())
    await sign_in_at(user, 'viewer', '/leads')
    await user.should_see(marker='board-empty')
    await user.should_not_see(marker='new-lead')


def column_keys(user: User) -> list[str]:
    strip = user.find(marker='board').elements.pop()
    return [c.props['data-stage'] for c in strip.default_slot.children]


async def test_board_follows_stage_changes_live(user: User, admin) -> None:
    lead = add(admin, 'Stage Follower')
    await sign_in_at(user, 'admin', '/leads')
    added = stages.add_stage(actor=admin, name='Demo booked', color='#0ea5e9')
    await eventually(lambda: added.key in column_keys(user))
    contacted = stage_id('CONTACTED')
    stages.rename_stage(actor=admin, stage_id=contacted, name='Reached')
    await user.should_see('Reached')
    stages.move_stage(actor=admin, stage_id=added.id, index=1)
    await eventually(lambda: column_keys(user)[1] == added.key)
    leads.move_lead(actor=admin, lead_id=lead, stage_id=added.id)
    await in_column(user, added.key, lead)
    stages.delete_stage(actor=admin, stage_id=added.id, move_to_id=contacted)
    await eventually(lambda: added.key not in column_keys(user))
    await in_column(user, 'CONTACTED', lead)
    await eventually(lambda: count(user, 'CONTACTED') == '1')


async def test_cards_follow_tag_renames_recolors_and_deletes_live(user: User, admin) -> None:
    from services import tags

    vip = tags.create_tag(actor=admin, name='VIP', color='#dc2626')
    lead = add(admin, 'Tagged Person', tag_ids=[vip.id])
    await sign_in_at(user, 'admin', '/leads')
    assert list(look(user, lead)['tags']) == [{'name': 'VIP', 'color': '#dc2626'}]
    tags.rename_tag(actor=admin, tag_id=vip.id, name='Key account')
    tags.recolor_tag(actor=admin, tag_id=vip.id, color='#16a34a')
    await eventually(lambda: list(look(user, lead)['tags']) == [{'name': 'Key account', 'color': '#16a34a'}])
    tags.delete_tag(actor=admin, tag_id=vip.id)
    await eventually(lambda: list(look(user, lead)['tags']) == [])


async def test_call_list_updates_live(user: User, admin) -> None:
    first = add(admin, 'First Caller', next_call_at=utcnow() + timedelta(hours=3))
    await user.open(f'/login?next={quote("/leads?view=list")}')
    user.find(marker='login-username').type('admin')
    user.find(marker='login-password').type(PASSWORD)
    user.find(marker='login-submit').click()
    await user.should_see(marker='call-list', retries=50)
    urgent = add(admin, 'Urgent Caller', next_call_at=utcnow() - timedelta(hours=1))
    await eventually(lambda: [int(r.props['data-lead']) for r in list_rows(user)] == [urgent, first])
    leads.move_lead(actor=admin, lead_id=urgent, stage_id=stage_id('QUALIFIED'))

    def urgent_row_says_qualified() -> bool:
        row = next(r for r in list_rows(user) if int(r.props['data-lead']) == urgent)
        return any(getattr(el, 'text', '') == 'Qualified' for el in row.descendants())

    await eventually(urgent_row_says_qualified)
