"""Settings → General with the `user` fixture: each card saves, each bad value gets its message and
nothing is stored, another admin's save shows up, non-admins are refused."""

import asyncio
from collections.abc import Callable

import pytest
from nicegui.testing import User

from services import app_settings, general_settings
from tests.conftest import PASSWORD
from tests.ui.helpers import eventually


async def sign_in(user: User, username: str, path: str = '/settings/general') -> None:
    await user.open(f'/login?next={path}')
    user.find(marker='login-username').type(username)
    user.find(marker='login-password').type(PASSWORD)
    user.find(marker='login-submit').click()
    await user.should_see(marker='user-menu', retries=50)  # the password check runs in a worker thread


def element(user: User, marker: str):
    return user.find(marker=marker).elements.copy().pop()


async def test_claim_window_saves_and_refuses_out_of_range(user: User, admin) -> None:
    await sign_in(user, 'admin')
    assert element(user, 'claim-window').value == 24
    element(user, 'claim-window').value = 48
    user.find(marker='save-claims').click()
    await user.should_see('Claim window saved.')
    assert app_settings.get('claim_window_hours') == 48
    refusal = 'The claim window must be a whole number of hours from 1 to 720.'
    for refused, bad in enumerate((0, 721, 2.5, None), start=1):
        element(user, 'claim-window').value = bad
        user.find(marker='save-claims').click()
        # each save runs in a worker thread (the button is disabled meanwhile): wait for its answer
        await eventually(lambda n=refused: user.notify.messages.count(refusal) == n)
    assert app_settings.get('claim_window_hours') == 48


async def test_regions_and_phone_region(user: User, admin) -> None:
    await sign_in(user, 'admin')
    element(user, 'regions').value = ['US', 'CA', 'mx']
    element(user, 'default-region').value = 'MX'
    element(user, 'phone-region').value = 'GB'
    user.find(marker='save-regions').click()
    await user.should_see('Regions saved.')
    saved = general_settings.get_general(actor=admin)
    assert (saved.regions, saved.default_region, saved.phone_region) == (['US', 'CA', 'MX'], 'MX', 'GB')


@pytest.mark.parametrize(
    ('regions', 'default', 'phone', 'message'),
    [
        ([], None, 'US', 'Keep at least one region in use.'),
        (['US', 'North America'], 'US', 'US', "'NORTH AMERICA' is not a region code"),
        (['US', 'CA'], None, 'US', 'The default region must be one of the regions in use (US, CA).'),
        (['US'], 'US', None, 'Please choose a default phone region'),
    ],
)
async def test_region_messages(user: User, admin, regions, default, phone, message) -> None:
    await sign_in(user, 'admin')
    element(user, 'regions').value = regions
    element(user, 'default-region').value = default
    element(user, 'phone-region').value = phone
    user.find(marker='save-regions').click()
    await user.should_see(message)
    assert app_settings.get('regions') == ['US', 'CA']


async def test_removing_a_region_clears_a_default_that_used_it(user: User, admin) -> None:
    await sign_in(user, 'admin')
    element(user, 'regions').value = ['CA']
    assert element(user, 'default-region').value is None
    assert element(user, 'default-region').options == ['CA']


async def test_lists_save_and_their_messages(user: User, admin) -> None:
    await sign_in(user, 'admin')
    element(user, 'lead-sources').value = ['Website', 'Trade show', 'Other']
    element(user, 'product-types').value = ['Home', 'Boat']
    user.find(marker='save-lists').click()
    await user.should_see('Lists saved.')
    assert app_settings.get('lead_sources') == ['Website', 'Trade show', 'Other']
    assert app_settings.get('product_types') == ['Home', 'Boat']

    element(user, 'lead-sources').value = ['Website']
    user.find(marker='save-lists').click()
    await user.should_see("Keep 'Other' among the lead sources: imports file unknown sources under it.")
    element(user, 'lead-sources').value = ['Other']
    element(user, 'product-types').value = ['Home', 'HOME']
    user.find(marker='save-lists').click()
    await user.should_see("The product type 'HOME' is listed twice.")
    element(user, 'product-types').value = ['x' * 70]
    user.find(marker='save-lists').click()
    await user.should_see('A product type can have at most 64 characters')
    assert app_settings.get('product_types') == ['Home', 'Boat']


async def test_the_data_card_leaves_room_for_backups(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.should_see(marker='settings-data')
    await user.should_see(marker='backup-actions')


async def test_another_admins_save_replaces_what_is_shown(
    create_user: Callable[[], User], admin, make_user
) -> None:
    make_user('root2', {'admin'}, 'Second Admin')
    first, second = create_user(), create_user()
    await sign_in(first, 'admin')
    await sign_in(second, 'root2')
    element(first, 'claim-window').value = 72
    first.find(marker='save-claims').click()
    await first.should_see('Claim window saved.')
    # ui.notify reaches the simulated user whose page calls it (tests/ui/conftest.py)
    await second.should_see('Another admin just changed these settings')
    for _ in range(20):
        if element(second, 'claim-window').value == 72:
            break
        await asyncio.sleep(0.05)
    assert element(second, 'claim-window').value == 72


async def test_non_admins_are_refused(user: User, admin, make_user) -> None:
    make_user('max', {'create_leads', 'manage_leads', 'view_all_leads'})
    await sign_in(user, 'max')
    await user.should_see(marker='forbidden')
    await user.should_not_see(marker='settings-claims')
