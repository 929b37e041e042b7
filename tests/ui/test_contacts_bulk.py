"""Bulk actions through the contacts page: remove tag, assign, export, and "Select all N matching"."""

import asyncio

from nicegui.testing import User

from models import Lead
from services import contact_list, db, tags
from services.contact_bulk import Selection, add_tag
from services.contact_filter import ContactFilter
from tests.services.contact_factory import add_contact, add_lead
from tests.ui.helpers import sign_in
from tests.ui.test_contacts import _select


async def test_remove_tag_from_all_matching(user: User, admin) -> None:
    ids = [add_contact(f'Austin {i}', email=f'a{i}@example.com', city='Austin') for i in range(30)]
    add_contact('Boston Person', email='b@example.com', city='Boston')
    vip = tags.create_tag(actor=admin, name='VIP')
    add_tag(actor=admin, selection=Selection(ids=(*ids, ids[0] + 30)), tag_id=vip.id)
    await sign_in(user, 'admin')
    await user.open('/contacts?city=Austin&per_page=25')
    await user.should_see('30 people')
    table = next(iter(user.find(marker='contacts-table').elements))
    await _select(user, [r['id'] for r in table.rows])
    await user.should_see('25 selected')
    user.find(marker='bulk-select-all').click()
    await user.should_see('30 selected (all matching)')
    user.find(marker='bulk-remove-tag').click()
    user.find(marker=f'bulk-remove-tag-{vip.id}').click()
    await user.should_see('Removed the tag from 30 contacts (VIP).', retries=50)
    tagged = contact_list.list_contacts(actor=admin, filters=ContactFilter(tags=(vip.id,)))
    assert [r.name for r in tagged.rows] == ['Boston Person']  # outside the filter: untouched


async def test_assign_owner_of_selected_leads(user: User, admin, make_user) -> None:
    ana = make_user('ana', {'create_leads'}, 'Ana Ortiz')
    lead_id, contact_id = add_lead(admin, 'Dee Lead')
    await sign_in(user, 'admin')
    await user.open('/contacts')
    await user.should_see(marker='contacts-table')
    await _select(user, [contact_id])
    user.find(marker='bulk-assign').click()
    user.find(marker=f'bulk-assign-{ana.id}').click()
    await user.should_see('1 open lead assigned to Ana Ortiz.', retries=50)
    with db.session() as s:
        assert s.get(Lead, lead_id).owner_id == ana.id


async def test_bulk_actions_a_caller_may_not_use_are_not_offered(user: User, admin, make_user) -> None:
    make_user('ben', {'create_leads'})
    a = add_contact('Ann Lee', email='ann@example.com')
    await sign_in(user, 'ben')
    await user.open('/contacts')
    await user.should_see(marker='contacts-table')
    await _select(user, [a])
    await user.should_see(marker='bulk-export')
    await user.should_not_see(marker='bulk-assign')
    await user.should_not_see(marker='bulk-delete')


async def test_export_selected_downloads_csv(user: User, admin) -> None:
    a = add_contact('=HYPERLINK("http://x","y")', email='evil@example.com')
    add_contact('Other', email='other@example.com')
    await sign_in(user, 'admin')
    await user.open('/contacts')
    await user.should_see(marker='contacts-table')
    await _select(user, [a])
    user.find(marker='bulk-export').click()
    content = (await user.download.next(timeout=5)).content.decode()
    assert '\'=HYPERLINK(""http://x"",""y"")' in content


async def test_board_export_button_downloads_the_current_filter(user: User, admin) -> None:
    add_lead(admin, 'Ann Board', phone='+1 555 010 1111', source='Referral')
    add_lead(admin, 'Bob Board', phone='+1 555 010 2222', source='Website')
    await sign_in(user, 'admin')
    await user.open('/leads?source=Website')
    await user.should_see(marker='board-export')
    user.find(marker='board-export').click()
    content = (await user.download.next(timeout=5)).content.decode()
    assert 'Bob Board' in content and 'Ann Board' not in content


async def test_selection_survives_paging(user: User, admin) -> None:
    ids = [add_contact(f'Person {i:02d}', email=f'p{i}@example.com') for i in range(30)]
    vip = tags.create_tag(actor=admin, name='VIP')
    await sign_in(user, 'admin')
    await user.open('/contacts?per_page=25')
    await user.should_see('30 people')
    await _select(user, [ids[0]])
    table = next(iter(user.find(marker='contacts-table').elements))
    for listener in list(table._event_listeners.values()):
        if listener.type == 'request':
            from nicegui.events import GenericEventArguments, handle_event

            pagination = {'page': 2, 'rowsPerPage': 25, 'sortBy': 'name', 'descending': False}
            handle_event(
                listener.handler,
                GenericEventArguments(sender=table, client=table.client, args={'pagination': pagination}),
            )
    for _ in range(50):  # table cells are props, not text: wait for page 2's rows
        if any(r['name'] == 'Person 29' for r in table.rows):
            break
        await asyncio.sleep(0.1)
    assert any(r['name'] == 'Person 29' for r in table.rows)
    await _select(user, [ids[29]])
    await user.should_see('2 selected')
    user.find(marker='bulk-add-tag').click()
    user.find(marker=f'bulk-add-tag-{vip.id}').click()
    await user.should_see('Tagged 2 contacts (VIP).', retries=50)
