"""Bulk actions of the contacts table: on chosen rows and on "all N matching"."""

import csv

import pytest

from models import Activity, Contact, Lead
from services import contact_bulk, contact_export, contact_list, db, groups, tags
from services.contact_bulk import Selection
from services.contact_filter import ContactFilter
from services.errors import Forbidden
from tests.services.contact_factory import add_contact, add_lead


def tag_names(actor, contact_id: int) -> list[str]:
    rows = contact_list.list_contacts(actor=actor, filters=ContactFilter(), per_page=200).rows
    return [t.name for r in rows if r.id == contact_id for t in r.tags]


def test_add_and_remove_tag_on_selection_and_on_all_matching(admin) -> None:
    a = add_contact('Ann Austin', email='ann@example.com', city='Austin')
    b = add_contact('Bea Austin', email='bea@example.com', city='Austin')
    c = add_contact('Cy Boston', email='cy@example.com', city='Boston')
    vip = tags.create_tag(actor=admin, name='VIP')
    assert contact_bulk.add_tag(actor=admin, selection=Selection(ids=(a,)), tag_id=vip.id) == 1
    everyone_in_austin = Selection(filters=ContactFilter(city='Austin'))
    assert contact_bulk.add_tag(actor=admin, selection=everyone_in_austin, tag_id=vip.id) == 1  # a had it
    assert tag_names(admin, b) == ['VIP'] and tag_names(admin, c) == []
    assert contact_bulk.remove_tag(actor=admin, selection=everyone_in_austin, tag_id=vip.id) == 2
    assert tag_names(admin, a) == []


def test_add_to_group_in_bulk(admin) -> None:
    ids = [add_contact(f'Person {i}', email=f'p{i}@example.com', source='Event') for i in range(5)]
    group = groups.create_group(actor=admin, name='Expo')
    added = groups.add_members(
        actor=admin, group_id=group.id, selection=Selection(filters=ContactFilter(source='Event'))
    )
    assert added == 5
    page = contact_list.list_contacts(actor=admin, filters=ContactFilter(group=group.id))
    assert sorted(r.id for r in page.rows) == ids


def test_assign_owner_needs_manage_leads_and_moves_open_leads(admin, make_user) -> None:
    ana = make_user('ana', {'create_leads'}, 'Ana')
    lead_id, contact_id = add_lead(admin, 'Lead One')
    with pytest.raises(Forbidden):
        contact_bulk.assign_owner(actor=ana, selection=Selection(ids=(contact_id,)), owner_id=ana.id)
    assert (
        contact_bulk.assign_owner(actor=admin, selection=Selection(ids=(contact_id,)), owner_id=ana.id) == 1
    )
    with db.session() as s:
        assert s.get(Lead, lead_id).owner_id == ana.id
    row = contact_list.list_contacts(actor=admin, filters=ContactFilter()).rows[0]
    assert row.owner == 'Ana'


def test_delete_says_what_goes_and_is_permission_checked(admin, make_user) -> None:
    ana = make_user('ana', {'create_leads'})
    lead_id, contact_id = add_lead(admin, 'Doomed Lead')
    keep = add_contact('Keeper', email='keep@example.com')
    selection = Selection(ids=(contact_id,))
    with pytest.raises(Forbidden):
        contact_bulk.delete_contacts(actor=ana, selection=selection)
    impact = contact_bulk.delete_impact(actor=admin, selection=selection)
    assert (impact.contacts, impact.leads) == (1, 1)
    assert impact.activities >= 1
    assert 'This deletes 1 contact, 1 lead and' in impact.message
    contact_bulk.delete_contacts(actor=admin, selection=selection)
    with db.session() as s:
        assert s.get(Contact, contact_id) is None
        assert s.get(Lead, lead_id) is None
        assert s.query(Activity).filter(Activity.contact_id == contact_id).count() == 0
        assert s.get(Contact, keep) is not None
    assert contact_list.list_contacts(actor=admin, filters=ContactFilter(q='Doomed')).total == 0


def test_export_is_formula_safe_and_has_the_export_columns(admin, tmp_path) -> None:
    from services.export import COLUMNS

    evil = add_contact('=HYPERLINK("http://x","y")', email='evil@example.com', company='+SUM(A1:A9)')
    add_lead(admin, 'Normal Lead', phone='+1 555 010 4444')
    path = tmp_path / 'contacts.csv'
    count = contact_export.export_contacts(
        actor=admin, selection=Selection(filters=ContactFilter()), path=path
    )
    assert count == 2
    with path.open(encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == COLUMNS
    by_id = {r[1]: dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]}
    # a leading quote makes a spreadsheet show the cell as text instead of running it
    assert by_id[str(evil)]['name'] == '\'=HYPERLINK("http://x","y")'
    assert by_id[str(evil)]['company'] == "'+SUM(A1:A9)"
    assert by_id[str(evil)]['lead_id'] == ''
    normal = next(r for r in by_id.values() if r['name'] == 'Normal Lead')
    assert normal['phone'] == '+1 555 010 4444'  # a phone number is not neutralized
    assert normal['stage'] == 'New'


def test_board_export_follows_the_board_filter_and_visibility(admin, make_user, tmp_path) -> None:
    from services import tags as tag_service
    from services.board_export import export_board
    from services.board_query import BoardFilter
    from services.contact_bulk import add_tag as tag_contacts

    chloe = make_user('chloe', {'create_leads'})
    hot = tag_service.create_tag(actor=admin, name='Hot')
    _, hot_contact = add_lead(admin, '@Hot Lead', phone='+1 555 010 1111')
    add_lead(admin, 'Cold Lead', phone='+1 555 010 2222')
    add_lead(chloe, 'Chloe Lead', phone='+1 555 010 3333', owner_id=chloe.id)
    tag_contacts(actor=admin, selection=Selection(ids=(hot_contact,)), tag_id=hot.id)

    def exported(actor, filters: BoardFilter) -> list[dict]:
        path = tmp_path / 'board.csv'
        export_board(actor=actor, filters=filters, path=path)
        with path.open(encoding='utf-8', newline='') as f:
            return list(csv.DictReader(f))

    rows = exported(admin, BoardFilter(tag=('Hot',)))
    assert [r['name'] for r in rows] == ["'@Hot Lead"]  # neutralized: '@' starts a formula
    assert rows[0]['tags'] == 'Hot'
    assert len(exported(admin, BoardFilter())) == 3
    assert [r['name'] for r in exported(chloe, BoardFilter())] == ['Chloe Lead']  # her own leads only
