"""Settings → Tags with the `user` fixture: add, rename, recolor, merge, delete with its usage, search,
validation messages, region counts, live updates and refusal for non-admins."""

import asyncio
from collections.abc import Callable

from nicegui.testing import User
from sqlmodel import select

from models import ContactTag
from services import db, leads, tags
from tests.conftest import PASSWORD
from tests.ui.helpers import eventually


async def sign_in(user: User, username: str, path: str = '/settings/tags') -> None:
    await user.open(f'/login?next={path}')
    user.find(marker='login-username').type(username)
    user.find(marker='login-password').type(PASSWORD)
    user.find(marker='login-submit').click()
    await user.should_see(marker='user-menu', retries=50)  # the password check runs in a worker thread


def tag_named(name: str):
    return next((t for t in tags.list_tags() if t.name == name), None)


def person(actor, name: str, tag_ids: list[int], region: str = '') -> int:
    data = {'name': name, 'email': f'{name.lower()}@example.com', 'tag_ids': tag_ids, 'region': region}
    return leads.create_lead(actor=actor, data=data).contact_id


def text_of(user: User, marker: str) -> str:
    return user.find(marker=marker).elements.copy().pop().text


async def test_add_a_tag_and_its_validation(user: User, admin) -> None:
    tags.create_tag(actor=admin, name='VIP')
    await sign_in(user, 'admin')
    user.find(marker='add-tag').click()
    await user.should_see('Please enter a tag name.')
    user.find(marker='new-tag-name').type('vip')
    user.find(marker='add-tag').click()
    await user.should_see("A tag named 'VIP' already exists")
    user.find(marker='new-tag-name').clear().type('Hot lead').trigger('keydown.enter')
    await user.should_see("Tag 'Hot lead' added.")
    hot = tag_named('Hot lead')
    await user.should_see(marker=f'tag-{hot.id}')
    assert text_of(user, f'tag-usage-{hot.id}') == 'Used on 0 records'


async def test_rename_and_recolor(user: User, admin) -> None:
    vip = tags.create_tag(actor=admin, name='vip')
    tags.create_tag(actor=admin, name='Cold')
    await sign_in(user, 'admin')
    user.find(marker=f'tag-name-{vip.id}').clear().type('VIP customer').trigger('keydown.enter')
    await user.should_see("Tag renamed to 'VIP customer'.")
    assert tag_named('VIP customer').id == vip.id
    user.find(marker=f'tag-name-{vip.id}').clear().type('cold').trigger('blur')
    await user.should_see("A tag named 'Cold' already exists")
    assert user.find(marker=f'tag-name-{vip.id}').elements.pop().value == 'VIP customer'
    user.find(marker=f'tag-color-{vip.id}').click()
    user.find(marker=f'tag-color-{vip.id}-option-10b981').click()
    await user.should_see("Color of 'VIP customer' changed.")
    assert tag_named('VIP customer').color == '#10b981'


async def test_enter_then_leaving_the_field_renames_once(user: User, admin) -> None:
    vip = tags.create_tag(actor=admin, name='vip')
    await sign_in(user, 'admin')
    # Enter saves; the blur that follows when the field loses focus arrives while that save is in flight
    user.find(marker=f'tag-name-{vip.id}').clear().type('VIP').trigger('keydown.enter').trigger('blur')
    await user.should_see("Tag renamed to 'VIP'.")
    user.find(marker=f'tag-name-{vip.id}').trigger('blur')  # and after it: nothing left to save
    await asyncio.sleep(0.3)
    assert [m for m in user.notify.messages if 'renamed' in m] == ["Tag renamed to 'VIP'."]
    assert tag_named('VIP').id == vip.id


async def test_merge_two_tags(user: User, admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    important = tags.create_tag(actor=admin, name='Important')
    ann = person(admin, 'Ann', [vip.id])
    bob = person(admin, 'Bob', [vip.id, important.id])
    await sign_in(user, 'admin')
    assert text_of(user, f'tag-usage-{vip.id}') == 'Used on 2 records'
    user.find(marker=f'tag-merge-{vip.id}').click()
    await user.should_see("Every record tagged 'VIP' gets the tag you choose")
    user.find(marker='merge-confirm').click()
    await user.should_see('Choose the tag to keep.')
    user.find(marker='merge-target').elements.pop().value = important.id
    user.find(marker='merge-confirm').click()
    await user.should_see("'VIP' merged into 'Important'.")
    await user.should_not_see(marker=f'tag-{vip.id}')
    assert text_of(user, f'tag-usage-{important.id}') == 'Used on 2 records'
    with db.session() as s:
        carriers = s.exec(select(ContactTag.contact_id).where(ContactTag.tag_id == important.id)).all()
    assert sorted(carriers) == sorted([ann, bob])


async def test_delete_says_how_many_records_carry_it(user: User, admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    unused = tags.create_tag(actor=admin, name='Unused')
    for name in ('Ann', 'Bob', 'Cy'):
        person(admin, name, [vip.id])
    await sign_in(user, 'admin')
    user.find(marker=f'tag-delete-{vip.id}').click()
    await user.should_see('Used on 3 records — delete anyway?')
    user.find(marker='delete-tag-confirm').click()
    await user.should_see("Tag 'VIP' deleted and removed from 3 records.")
    await user.should_not_see(marker=f'tag-{vip.id}')
    assert tag_named('VIP') is None
    user.find(marker=f'tag-delete-{unused.id}').click()
    await user.should_see('Not used on any record — delete it?')
    user.find(marker='delete-tag-confirm').click()
    await user.should_see("Tag 'Unused' deleted.")
    await user.should_see('No tags yet.')


async def test_search_filters_the_list(user: User, admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    cold = tags.create_tag(actor=admin, name='Cold call')
    await sign_in(user, 'admin')
    user.find(marker='tag-search').type('co')
    await user.should_not_see(marker=f'tag-{vip.id}')
    await user.should_see(marker=f'tag-{cold.id}')
    user.find(marker='tag-search').clear().type('zzz')
    await user.should_see('No tag matches the search.')


async def test_region_page_counts_usage_in_that_region(user: User, admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    person(admin, 'Ann', [vip.id], 'US')
    person(admin, 'Bob', [vip.id], 'CA')
    person(admin, 'Cy', [vip.id], 'CA')
    await sign_in(user, 'admin', '/us/settings/tags')
    assert text_of(user, f'tag-usage-{vip.id}') == 'Used on 1 record'
    await user.open('/ca/settings/tags')
    assert text_of(user, f'tag-usage-{vip.id}') == 'Used on 2 records'
    # the delete question counts every region: the delete removes it everywhere
    user.find(marker=f'tag-delete-{vip.id}').click()
    await user.should_see('Used on 3 records — delete anyway?')


async def test_changes_reach_another_open_page(create_user: Callable[[], User], admin, make_user) -> None:
    make_user('root2', {'admin'}, 'Second Admin')
    first, second = create_user(), create_user()
    await sign_in(first, 'admin')
    await sign_in(second, 'root2')
    first.find(marker='new-tag-name').type('Referral partner')
    first.find(marker='add-tag').click()
    await eventually(lambda: tag_named('Referral partner') is not None)  # saved in a worker thread
    created = tag_named('Referral partner')
    await second.should_see(marker=f'tag-{created.id}')
    person(admin, 'Ann', [created.id])
    for _ in range(20):
        if text_of(second, f'tag-usage-{created.id}') == 'Used on 1 record':
            break
        await asyncio.sleep(0.05)
    assert text_of(second, f'tag-usage-{created.id}') == 'Used on 1 record'


async def test_non_admins_are_refused(user: User, admin, make_user) -> None:
    make_user('max', {'create_leads', 'manage_leads'})
    await sign_in(user, 'max')
    await user.should_see(marker='forbidden')
    await user.should_not_see(marker='tag-list')
