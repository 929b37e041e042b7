"""Settings → Pipeline with the `user` fixture: add, rename, recolor, reorder, delete-with-move, refused
system delete, region counts, and refusal for non-admins."""

import asyncio
from collections.abc import Callable

from nicegui.testing import User

from services import leads, stages
from tests.conftest import PASSWORD
from tests.ui.helpers import eventually


async def sign_in(user: User, username: str, path: str = '/settings/pipeline') -> None:
    """Sign in straight onto a settings page (the board may not be registered in every checkout)."""
    await user.open(f'/login?next={path}')
    user.find(marker='login-username').type(username)
    user.find(marker='login-password').type(PASSWORD)
    user.find(marker='login-submit').click()
    await user.should_see(marker='user-menu', retries=50)  # the password check runs in a worker thread


def names() -> list[str]:
    return [st.name for st in stages.list_stages()]


def by_name(name: str):
    return next(st for st in stages.list_stages() if st.name == name)


def shown_order(user: User) -> list[str]:
    """Stage keys in the order the list shows them."""
    stage_list = user.find(marker='stage-list').elements.pop()
    return [row.props['data-stage-row'] for row in stage_list.default_slot.children]


def swatch_color(user: User, key: str) -> str:
    return user.find(marker=f'stage-color-{key}').elements.pop().props['data-color']


async def open_pipeline(user: User, path: str = '/settings/pipeline') -> None:
    await sign_in(user, 'admin', path)
    await user.should_see(marker='stage-list')


async def test_lists_stages_with_kind_system_badge_and_counts(user: User, admin) -> None:
    leads.create_lead(actor=admin, data={'name': 'Ann', 'email': 'ann@example.com'})
    await open_pipeline(user)
    for key in ('NOT_CONTACTED', 'CONTACTED', 'QUALIFIED', 'CONVERTED', 'LOST'):
        await user.should_see(marker=f'stage-{key}')
    await user.should_see(marker='stage-system-CONVERTED')
    await user.should_not_see(marker='stage-system-CONTACTED')
    assert user.find(marker='stage-kind-CONVERTED').elements.pop().text == 'Won'
    assert user.find(marker='stage-count-NOT_CONTACTED').elements.pop().text == '1 lead'
    assert user.find(marker='stage-count-QUALIFIED').elements.pop().text == '0 leads'


async def test_add_a_stage_and_its_validation(user: User, admin) -> None:
    await open_pipeline(user)
    user.find(marker='add-stage').click()
    await user.should_see('Please enter a stage name.')
    user.find(marker='new-stage-name').type('qualified')
    user.find(marker='add-stage').click()
    await user.should_see("A stage named 'Qualified' already exists")
    user.find(marker='new-stage-name').clear().type('Demo booked')
    user.find(marker='new-stage-color').click()
    user.find(marker='new-stage-color-option-ec4899').click()
    user.find(marker='add-stage').click()
    await user.should_see("Stage 'Demo booked' added.")
    await user.should_see(marker='stage-DEMO_BOOKED')
    assert names() == ['New', 'Contacted', 'Qualified', 'Demo booked', 'Converted', 'Lost']
    assert by_name('Demo booked').color == '#ec4899'


async def test_rename_inline_keeps_the_key(user: User, admin) -> None:
    await open_pipeline(user)
    user.find(marker='stage-name-CONTACTED').clear().type('Reached').trigger('keydown.enter')
    await user.should_see("Stage renamed to 'Reached'.")
    assert by_name('Reached').key == 'CONTACTED'
    user.find(marker='stage-name-QUALIFIED').clear().type('  ').trigger('blur')
    await user.should_see('Please enter a stage name.')
    assert 'Qualified' in names()
    assert user.find(marker='stage-name-QUALIFIED').elements.pop().value == 'Qualified'


async def test_recolor_with_palette_and_code(user: User, admin) -> None:
    await open_pipeline(user)
    user.find(marker='stage-color-LOST').click()
    user.find(marker='stage-color-LOST-option-ef4444').click()
    await user.should_see("Color of 'Lost' changed.")
    assert by_name('Lost').color == '#ef4444'
    # the list is redrawn by the recolor's live update: pick the new swatch once it is there
    await eventually(lambda: swatch_color(user, 'LOST') == '#ef4444')
    user.find(marker='stage-color-LOST').click()
    user.find(marker='stage-color-LOST-custom').clear().type('#12AB34')
    user.find(marker='stage-color-LOST-apply').click()
    await eventually(lambda: user.notify.messages.count("Color of 'Lost' changed.") == 2)
    assert by_name('Lost').color == '#12ab34'
    await eventually(lambda: swatch_color(user, 'LOST') == '#12ab34')
    user.find(marker='stage-color-LOST').click()
    user.find(marker='stage-color-LOST-custom').clear().type('teal')
    user.find(marker='stage-color-LOST-apply').click()
    await user.should_see("The color 'teal' is not a color code")
    assert by_name('Lost').color == '#12ab34'


async def test_reorder_with_the_arrows_and_by_drop(user: User, admin) -> None:
    await open_pipeline(user)
    user.find(marker='stage-up-QUALIFIED').click()
    # each move is saved in a worker thread; the list is redrawn by its live update
    await eventually(lambda: shown_order(user)[:3] == ['NOT_CONTACTED', 'QUALIFIED', 'CONTACTED'])
    assert names() == ['New', 'Qualified', 'Contacted', 'Converted', 'Lost']
    user.find(marker='stage-down-NOT_CONTACTED').click()
    await eventually(lambda: shown_order(user)[:2] == ['QUALIFIED', 'NOT_CONTACTED'])
    assert names()[:2] == ['Qualified', 'New']
    # a drop arrives as SortableJS's 'sortend' on the list (what the browser sends): Lost dragged to the top
    lost_row = user.find(marker='stage-LOST').elements.pop()
    stage_list = user.find(marker='stage-list')
    list_id = stage_list.elements.copy().pop().id
    stage_list.trigger(
        'sortend',
        {'item_id': lost_row.id, 'from_id': list_id, 'to_id': list_id, 'old_index': 4, 'new_index': 0},
    )
    await eventually(lambda: names()[0] == 'Lost')


async def test_system_stage_delete_is_refused_with_the_product_message(user: User, admin) -> None:
    await open_pipeline(user)
    user.find(marker='stage-delete-CONVERTED').click()
    await user.should_see("System stage 'Converted' can't be deleted — rename or recolor it instead.")
    assert 'Converted' in names()


async def test_delete_with_move(user: User, admin) -> None:
    qualified = by_name('Qualified')
    ids = []
    for n in range(3):
        lead = leads.create_lead(actor=admin, data={'name': f'P{n}', 'email': f'p{n}@example.com'})
        leads.move_lead(actor=admin, lead_id=lead.id, stage_id=qualified.id)
        ids.append(lead.id)
    await open_pipeline(user)
    user.find(marker='stage-delete-QUALIFIED').click()
    await user.should_see('3 leads are in this stage')
    user.find(marker='delete-stage-confirm').click()
    await user.should_see("Choose where the 3 leads in 'Qualified' go before deleting it.")
    contacted = by_name('Contacted')
    user.find(marker='delete-stage-target').elements.pop().value = contacted.id
    user.find(marker='delete-stage-confirm').click()
    await user.should_see("Stage 'Qualified' deleted — 3 leads moved to Contacted.")
    await user.should_not_see(marker='stage-QUALIFIED')
    assert {leads.get_lead(actor=admin, lead_id=i).stage_id for i in ids} == {contacted.id}
    assert user.find(marker='stage-count-CONTACTED').elements.pop().text == '3 leads'


async def test_region_page_counts_one_region(user: User, admin) -> None:
    leads.create_lead(actor=admin, data={'name': 'Us', 'email': 'us@example.com', 'region': 'US'})
    leads.create_lead(actor=admin, data={'name': 'Ca', 'email': 'ca@example.com', 'region': 'CA'})
    leads.create_lead(actor=admin, data={'name': 'Ca2', 'email': 'ca2@example.com', 'region': 'CA'})
    await open_pipeline(user, '/ca/settings/pipeline')
    assert user.find(marker='stage-count-NOT_CONTACTED').elements.pop().text == '2 leads'
    await user.should_see('Lead counts are for region CA')
    await user.open('/xx/settings/pipeline')
    await user.should_see(marker='unknown-region')


async def test_counts_follow_lead_changes_live(user: User, admin) -> None:
    await open_pipeline(user)
    assert user.find(marker='stage-count-NOT_CONTACTED').elements.pop().text == '0 leads'
    leads.create_lead(actor=admin, data={'name': 'Ann', 'email': 'ann@example.com'})
    for _ in range(20):
        if user.find(marker='stage-count-NOT_CONTACTED').elements.pop().text == '1 lead':
            break
        await asyncio.sleep(0.05)
    assert user.find(marker='stage-count-NOT_CONTACTED').elements.pop().text == '1 lead'


async def test_another_admins_change_appears_without_reload(
    create_user: Callable[[], User], admin, make_user
) -> None:
    make_user('root2', {'admin'}, 'Second Admin')
    first, second = create_user(), create_user()
    await open_pipeline(first)
    await sign_in(second, 'root2')
    await second.open('/settings/pipeline')
    first.find(marker='new-stage-name').type('Proposal sent')
    first.find(marker='add-stage').click()
    await second.should_see(marker='stage-PROPOSAL_SENT')


async def test_non_admins_are_refused(user: User, admin, make_user) -> None:
    make_user('max', {'create_leads', 'manage_leads', 'view_all_leads'})
    await sign_in(user, 'max')
    await user.open('/settings/pipeline')
    await user.should_see(marker='forbidden')
    await user.should_not_see(marker='stage-list')
    await user.open('/us/settings/pipeline')
    await user.should_see(marker='forbidden')


async def test_a_typed_settings_address_opens_the_pipeline(user: User, admin) -> None:
    await open_pipeline(user)
    await user.open('/settings')
    await user.should_see(marker='stage-list')
