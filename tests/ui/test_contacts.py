"""The contacts page through the NiceGUI `user` fixture: table, filters in the URL, segments, groups, bulk."""

from nicegui import ui
from nicegui.testing import User

from services import contact_list, groups, segments, tags
from services.contact_filter import ContactFilter
from tests.services.contact_factory import add_contact, add_lead
from tests.ui.helpers import sign_in


def table_rows(user: User) -> list[dict]:
    return user.find(marker='contacts-table').elements.pop().rows


def table(user: User) -> ui.table:
    return next(iter(user.find(marker='contacts-table').elements))


async def test_table_lists_everyone_with_status(user: User, admin) -> None:
    add_contact('Plain Person', email='plain@example.com', city='Austin')
    add_lead(admin, 'Lead Person')
    await sign_in(user, 'admin')
    await user.open('/contacts')
    await user.should_see(marker='contacts-table')
    rows = {r['name']: r for r in table_rows(user)}
    assert rows['Plain Person']['status'] == 'Contact'
    assert rows['Lead Person']['status'] == 'Lead'
    await user.should_see('2 people')


async def test_filters_come_from_the_url(user: User, admin) -> None:
    add_contact('Austin Person', email='a@example.com', city='Austin')
    add_contact('Boston Person', email='b@example.com', city='Boston')
    await sign_in(user, 'admin')
    await user.open('/contacts?city=Austin')
    await user.should_see(marker='contacts-table')
    assert [r['name'] for r in table_rows(user)] == ['Austin Person']


async def test_search_filters_the_table(user: User, admin) -> None:
    add_contact('José Müller', email='jose@example.com')
    add_contact('Bob Stone', email='bob@example.com')
    await sign_in(user, 'admin')
    await user.open('/contacts')
    user.find(marker='contacts-search').type('muller')
    await user.should_see('1 person')
    assert [r['name'] for r in table_rows(user)] == ['José Müller']


async def test_save_segment_then_open_it(user: User, admin) -> None:
    add_contact('Austin Person', email='a@example.com', city='Austin')
    add_contact('Boston Person', email='b@example.com', city='Boston')
    await sign_in(user, 'admin')
    await user.open('/contacts?city=Austin')
    user.find(marker='filter-save-segment').click()
    user.find(marker='segment-name').type('Austin folks')
    user.find(marker='segment-save-confirm').click()
    await user.should_see('Segment saved.')
    saved = segments.list_segments(actor=admin)
    assert [s.name for s in saved] == ['Austin folks']
    assert saved[0].filters == ContactFilter(city='Austin')
    await user.open('/contacts')
    await user.should_see(marker=f'segment-{saved[0].id}')
    user.find(marker=f'segment-{saved[0].id}').click()
    await user.should_see('1 person')
    assert [r['name'] for r in table_rows(user)] == ['Austin Person']


async def test_bulk_tag_and_group_on_selected_rows(user: User, admin) -> None:
    a = add_contact('Alpha One', email='a1@example.com')
    add_contact('Beta Two', email='b2@example.com')
    vip = tags.create_tag(actor=admin, name='VIP')
    group = groups.create_group(actor=admin, name='Expo')
    await sign_in(user, 'admin')
    await user.open('/contacts')
    await user.should_see(marker='contacts-table')
    await _select(user, [a])
    await user.should_see('1 selected')
    user.find(marker='bulk-add-tag').click()
    user.find(marker=f'bulk-add-tag-{vip.id}').click()
    await user.should_see('Tagged 1 contact (VIP).')
    await _select(user, [a])
    user.find(marker='bulk-add-group').click()
    user.find(marker=f'bulk-group-{group.id}').click()
    await user.should_see('Added 1 to Expo.')
    page = contact_list.list_contacts(actor=admin, filters=ContactFilter(group=group.id))
    assert [r.name for r in page.rows] == ['Alpha One']
    assert [t.name for t in page.rows[0].tags] == ['VIP']


async def _select(user: User, ids: list[int]) -> None:
    """Tick rows as the browser would: the table's 'selection' event with the added rows."""
    from nicegui.events import GenericEventArguments, handle_event

    t = table(user)
    rows = [r for r in t.rows if r['id'] in ids]
    for listener in list(t._event_listeners.values()):
        if listener.type == 'selection':
            args = GenericEventArguments(
                sender=t, client=t.client, args={'rows': rows, 'keys': ids, 'added': True}
            )
            handle_event(listener.handler, args)


async def test_remove_from_group_while_filtering_by_it(user: User, admin) -> None:
    from services.contact_bulk import Selection

    a = add_contact('Alpha One', email='a1@example.com')
    b = add_contact('Beta Two', email='b2@example.com')
    group = groups.create_group(actor=admin, name='Expo')
    groups.add_members(actor=admin, group_id=group.id, selection=Selection(ids=(a, b)))
    await sign_in(user, 'admin')
    await user.open(f'/contacts?group={group.id}')
    await user.should_see('2 people')
    await _select(user, [b])
    user.find(marker='bulk-remove-group').click()
    await user.should_see('Removed 1 from the group.')
    page = contact_list.list_contacts(actor=admin, filters=ContactFilter(group=group.id))
    assert [r.name for r in page.rows] == ['Alpha One']


async def test_delete_asks_with_counts_then_deletes(user: User, admin) -> None:
    _, contact_id = add_lead(admin, 'Doomed Lead')
    add_contact('Keeper', email='keep@example.com')
    await sign_in(user, 'admin')
    await user.open('/contacts')
    await user.should_see(marker='contacts-table')
    await _select(user, [contact_id])
    user.find(marker='bulk-delete').click()
    await user.should_see(marker='delete-dialog')
    await user.should_see('This deletes 1 contact, 1 lead and')
    user.find(marker='delete-confirm').click()
    await user.should_see('1 person')
    assert [r['name'] for r in table_rows(user)] == ['Keeper']


async def test_admin_downloads_a_backup_from_settings(user: User, admin, database) -> None:
    import sqlite3

    await sign_in(user, 'admin')
    await user.open('/settings/general')
    user.find(marker='download-backup').click()
    await user.should_see('Backup ready', retries=100)
    copies = list((database / 'backups').glob('leadboard-backup-*.db'))
    assert len(copies) == 1
    con = sqlite3.connect(copies[0])
    assert con.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
    con.close()


async def test_contact_groups_section_adds_and_removes(user: User, admin) -> None:
    from models import UserRead
    from ui.components.contact_groups import ContactGroupsSection
    from ui.routing import page

    contact_id = add_contact('Ann Lee', email='ann@example.com')
    expo = groups.create_group(actor=admin, name='Expo')

    @page('/test-contact-groups')
    def _groups_page(user: UserRead) -> None:
        ContactGroupsSection(user, contact_id)

    await sign_in(user, 'admin')
    await user.open('/test-contact-groups')
    await user.should_see('In no group yet.')
    user.find(marker='contact-group-add').elements.pop().set_value(expo.id)
    await user.should_see(marker=f'contact-group-remove-{expo.id}')
    assert [g.name for g in groups.groups_of(actor=admin, contact_id=contact_id)] == ['Expo']
    user.find(marker=f'contact-group-remove-{expo.id}').click()
    await user.should_not_see(marker=f'contact-group-remove-{expo.id}')
    assert groups.groups_of(actor=admin, contact_id=contact_id) == []


async def test_contact_page_shows_its_groups(user: User, admin) -> None:
    from services.contact_bulk import Selection

    contact_id = add_contact('Ann Lee', email='ann@example.com')
    expo = groups.create_group(actor=admin, name='Expo 2026')
    groups.add_members(actor=admin, group_id=expo.id, selection=Selection(ids=(contact_id,)))
    await sign_in(user, 'admin')
    await user.open(f'/contacts/{contact_id}')
    await user.should_see(marker='contact-groups')
    await user.should_see('Expo 2026')
    await user.should_see(marker=f'contact-group-remove-{expo.id}')
