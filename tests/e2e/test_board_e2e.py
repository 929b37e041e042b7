"""The board in real browsers: a drag in one user's board shows up live in another's, counts included, and
a search survives a reload through the URL."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import goto


def create_lead(page: Page, name: str, email: str) -> str:
    page.get_by_role('button', name='New lead').click()
    dialog = page.locator('.q-dialog')
    dialog.get_by_label('Name *').fill(name)
    dialog.get_by_label('Email').fill(email)
    dialog.get_by_role('button', name='Create lead').click()
    card = page.locator('[data-lead]').filter(has_text=name)
    expect(card).to_be_visible()
    return card.get_attribute('data-lead') or ''


def count(page: Page, stage: str) -> int:
    return int(page.locator(f'[data-stage="{stage}"] [data-count]').get_attribute('data-count') or -1)


def drag(page: Page, lead_id: str, stage: str) -> None:
    # a live re-render of the column in mid-drag (our own "lead created" update) would drop the drag
    page.wait_for_timeout(600)
    card = page.locator(f'[data-lead="{lead_id}"]')
    target = page.locator(f'[data-stage="{stage}"] .board-cards')
    source_box, target_box = card.bounding_box(), target.bounding_box()
    assert source_box and target_box
    # step by step, as a hand would: SortableJS needs intermediate moves to pick a drop position
    page.mouse.move(source_box['x'] + 20, source_box['y'] + 15)
    page.mouse.down()
    page.mouse.move(source_box['x'] + 40, source_box['y'] + 40, steps=5)
    page.mouse.move(target_box['x'] + 40, target_box['y'] + 30, steps=20)
    # linger inside the target list: SortableJS places the item on a move event over it, not on the drop
    page.mouse.move(target_box['x'] + 50, target_box['y'] + 40, steps=5)
    page.wait_for_timeout(100)
    page.mouse.up()


def test_a_drag_reaches_another_users_board_live(signed_in, add_user, server) -> None:
    add_user('bea', {'view_all_leads', 'manage_leads', 'create_leads'}, 'Bea Board')
    ana = signed_in('admin')
    lead_id = create_lead(ana, 'Erin Eastwood', 'erin@eastwood.example')
    bea = signed_in('bea')
    expect(bea.locator(f'[data-stage="NOT_CONTACTED"] [data-lead="{lead_id}"]')).to_be_visible()
    new_before, contacted_before = count(bea, 'NOT_CONTACTED'), count(bea, 'CONTACTED')

    drag(ana, lead_id, 'CONTACTED')

    expect(bea.locator(f'[data-stage="CONTACTED"] [data-lead="{lead_id}"]')).to_be_visible()
    expect(bea.locator(f'[data-stage="NOT_CONTACTED"] [data-lead="{lead_id}"]')).to_have_count(0)
    expect(bea.locator('[data-stage="CONTACTED"] [data-count]')).to_have_attribute(
        'data-count', str(contacted_before + 1)
    )
    expect(bea.locator('[data-stage="NOT_CONTACTED"] [data-count]')).to_have_attribute(
        'data-count', str(new_before - 1)
    )
    expect(ana.locator(f'[data-stage="CONTACTED"] [data-lead="{lead_id}"]')).to_be_visible()

    # user A's search lives in the URL and survives a reload
    other_id = create_lead(ana, 'Oscar Other', 'oscar@other.example')
    ana.get_by_placeholder('Search name, email, phone, company').fill('eastw')
    expect(ana).to_have_url(re.compile(r'/leads\?q=eastw$'))
    expect(ana.locator(f'[data-lead="{other_id}"]')).to_have_count(0)
    goto(ana, ana.url)
    expect(ana.get_by_placeholder('Search name, email, phone, company')).to_have_value('eastw')
    expect(ana.locator(f'[data-lead="{lead_id}"]')).to_be_visible()
    expect(ana.locator(f'[data-lead="{other_id}"]')).to_have_count(0)


def test_lost_drop_asks_for_a_reason_and_a_forbidden_drop_snaps_back(signed_in, add_user) -> None:
    add_user('vic', {'view_all_leads'}, 'Vic Viewer')
    admin = signed_in('admin')
    lost_id = create_lead(admin, 'Larry Lostcause', 'larry@lost.example')
    kept_id = create_lead(admin, 'Kim Keeper', 'kim@keeper.example')

    drag(admin, lost_id, 'LOST')
    dialog = admin.locator('.q-dialog')
    expect(dialog.get_by_text('Mark Larry Lostcause as Lost?')).to_be_visible()
    dialog.get_by_label('Reason (optional)').fill('Went with a competitor')
    dialog.get_by_role('button', name='Move to Lost').click()
    expect(admin.locator(f'[data-stage="LOST"] [data-lead="{lost_id}"]')).to_be_visible()

    # Vic may look at every lead but work none he does not own: the move is refused and the card returns
    vic = signed_in('vic')
    drag(vic, kept_id, 'QUALIFIED')
    expect(vic.get_by_text('Claim this lead (or ask a manager to assign it to you)')).to_be_visible()
    expect(vic.locator(f'[data-stage="NOT_CONTACTED"] [data-lead="{kept_id}"]')).to_be_visible()
    expect(vic.locator(f'[data-stage="QUALIFIED"] [data-lead="{kept_id}"]')).to_have_count(0)


def test_a_colleagues_change_while_the_lost_dialog_is_open_leaves_the_card_where_it_was_dropped(
    signed_in, add_user
) -> None:
    add_user('cora', {'view_all_leads', 'manage_leads', 'create_leads'}, 'Cora Colleague')
    ana = signed_in('admin')
    held_id = create_lead(ana, 'Hank Held', 'hank@held.example')
    cora = signed_in('cora')

    drag(ana, held_id, 'LOST')
    dialog = ana.locator('.q-dialog')
    expect(dialog.get_by_text('Mark Hank Held as Lost?')).to_be_visible()
    # a colleague's new lead lands in the column the card came from: the card must not jump back
    other_id = create_lead(cora, 'Nell Newcomer', 'nell@newcomer.example')
    ana.wait_for_timeout(700)
    expect(ana.locator(f'[data-stage="LOST"] [data-lead="{held_id}"]')).to_be_visible()
    expect(ana.locator(f'[data-stage="NOT_CONTACTED"] [data-lead="{held_id}"]')).to_have_count(0)
    dialog.get_by_role('button', name='Move to Lost').click()

    expect(cora.locator(f'[data-stage="LOST"] [data-lead="{held_id}"]')).to_be_visible()
    # the update held back during the dialog arrives once it closes
    expect(ana.locator(f'[data-stage="NOT_CONTACTED"] [data-lead="{other_id}"]')).to_be_visible()
    expect(ana.locator(f'[data-stage="LOST"] [data-lead="{held_id}"]')).to_be_visible()
