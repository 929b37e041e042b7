"""The contacts table service: each filter, sorting, paging, segments and groups."""

from datetime import timedelta

import pytest

from models import utcnow
from services import contact_list, groups, lead_work, segments, stages, tags
from services.contact_bulk import Selection
from services.contact_filter import ContactFilter
from services.errors import Forbidden, Invalid
from tests.services.contact_factory import add_contact, add_lead, contacted


def names(actor, **filters) -> list[str]:
    page = contact_list.list_contacts(actor=actor, filters=ContactFilter(**filters), per_page=200)
    return sorted(r.name for r in page.rows)


def test_everyone_is_listed_with_status_label_owner_and_tags(admin, make_user) -> None:
    ana = make_user('ana', {'create_leads'}, 'Ana Lima')
    add_contact('Plain Person', email='plain@example.com')
    lead_id, contact_id = add_lead(admin, 'Lead Person', owner_id=ana.id)
    vip = tags.create_tag(actor=admin, name='VIP')
    contact_list_page = contact_list.list_contacts(actor=ana, filters=ContactFilter())
    assert contact_list_page.total == 2
    from services.contact_bulk import add_tag

    add_tag(actor=admin, selection=Selection(ids=(contact_id,)), tag_id=vip.id)
    rows = {r.name: r for r in contact_list.list_contacts(actor=admin, filters=ContactFilter()).rows}
    assert rows['Plain Person'].status == 'Contact'
    assert rows['Lead Person'].status == 'Lead'
    assert rows['Lead Person'].owner == 'Ana Lima'
    assert [t.name for t in rows['Lead Person'].tags] == ['VIP']


def test_status_filter_and_client_label(admin) -> None:
    add_contact('Only Contact', email='c@example.com')
    add_lead(admin, 'Open Lead')
    lost_lead, _ = add_lead(admin, 'Lost Lead', phone='+1 555 010 9999')
    lost = next(st for st in stages.list_stages() if st.key == 'LOST')
    from services import leads

    leads.move_lead(actor=admin, lead_id=lost_lead, stage_id=lost.id)
    add_contact('Client Person', email='client@example.com')
    from models import Client
    from services import db

    with db.session() as s:
        cid = contact_list.matching_ids(s, ContactFilter(q='Client Person'))[0]
        s.add(Client(name='Client Co', primary_contact_id=cid))
        s.commit()
    assert names(admin, status='lead') == ['Open Lead']
    assert names(admin, status='client') == ['Client Person']
    assert names(admin, status='contact') == ['Lost Lead', 'Only Contact']


def test_search_tags_source_location_filters(admin) -> None:
    a = add_contact(
        'José Müller',
        email='jose@acme.com',
        company='Acme',
        source='Referral',
        city='Austin',
        state='TX',
        country='US',
    )
    add_contact(
        'Bob Stone', email='bob@stone.com', source='Website', city='Toronto', state='ON', country='CA'
    )
    hot = tags.create_tag(actor=admin, name='Hot')
    from services.contact_bulk import add_tag

    add_tag(actor=admin, selection=Selection(ids=(a,)), tag_id=hot.id)
    assert names(admin, q='muller') == ['José Müller']
    assert names(admin, tags=[hot.id]) == ['José Müller']
    assert names(admin, source='website') == ['Bob Stone']
    assert names(admin, city='austin') == ['José Müller']
    assert names(admin, state='ON') == ['Bob Stone']
    assert names(admin, country='CA') == ['Bob Stone']


def test_last_contacted_filters(admin) -> None:
    now = utcnow()
    old = add_contact('Old Call', email='old@example.com')
    recent = add_contact('Recent Call', email='recent@example.com')
    add_contact('Never Called', email='never@example.com')
    contacted(old, now - timedelta(days=40))
    contacted(recent, now - timedelta(days=2))
    cutoff = (now - timedelta(days=10)).date()
    assert names(admin, contacted='never') == ['Never Called']
    assert names(admin, contacted='before', contacted_on=cutoff) == ['Old Call']
    assert names(admin, contacted='after', contacted_on=cutoff) == ['Recent Call']


def test_engagement_filter_counts_calls_in_the_window(admin) -> None:
    called_lead, _ = add_lead(admin, 'Called Person')
    add_lead(admin, 'Silent Person', phone='+1 555 010 7777')
    lead_work.log_call(actor=admin, lead_id=called_lead, outcome='talked', note='')
    assert names(admin, calls_days=7, calls='some') == ['Called Person']
    assert names(admin, calls_days=7, calls='none') == ['Silent Person']


def test_sorting_and_paging(admin) -> None:
    for i, last in enumerate(['Zimmer', 'Adams', 'Meyer', 'Brown', 'Clark']):
        add_contact(f'P{i} {last}', email=f'p{i}@example.com', company=f'Co {5 - i}')
    page1 = contact_list.list_contacts(actor=admin, filters=ContactFilter(), sort='name', per_page=2, page=1)
    page3 = contact_list.list_contacts(actor=admin, filters=ContactFilter(), sort='name', per_page=2, page=3)
    assert page1.total == 5
    assert [r.name for r in page1.rows] == ['P1 Adams', 'P3 Brown']
    assert [r.name for r in page3.rows] == ['P0 Zimmer']
    by_company = contact_list.list_contacts(
        actor=admin, filters=ContactFilter(), sort='company', descending=True
    )
    assert by_company.rows[0].company == 'Co 5'
    add_contact('No Company', email='nc@example.com')
    for descending in (False, True):
        rows = contact_list.list_contacts(
            actor=admin, filters=ContactFilter(), sort='company', descending=descending
        ).rows
        assert rows[-1].name == 'No Company'  # blanks last either way


def test_filter_round_trips_through_the_url() -> None:
    f = ContactFilter(
        q='ana',
        status='lead',
        tags=(3, 5),
        contacted='before',
        contacted_on='2026-01-31',
        calls_days=30,
        calls='none',
        group=2,
    )
    params: dict[str, list[str]] = {}
    for k, v in f.as_query():
        params.setdefault(k, []).append(v)
    again = ContactFilter.from_query({k: v if k == 'tags' else v[0] for k, v in params.items()})
    assert again == f
    # a mangled bookmark still opens, dropping what it can't read
    assert ContactFilter.from_query({'status': 'bogus', 'city': 'Austin'}) == ContactFilter(city='Austin')


def test_segment_save_reopen_edit_delete_and_sharing(admin, make_user) -> None:
    ana = make_user('ana', {'create_leads'})
    ben = make_user('ben', {'create_leads'})
    add_contact('Austin Person', email='a@example.com', city='Austin')
    add_contact('Other Person', email='o@example.com', city='Boston')
    saved = segments.save_segment(actor=ana, name='Austin folks', filters=ContactFilter(city='Austin'))
    mine = segments.list_segments(actor=ana)
    assert [s.name for s in mine] == ['Austin folks']
    assert names(ana, **mine[0].filters.model_dump()) == ['Austin Person']
    assert segments.list_segments(actor=ben) == []  # personal
    segments.update_segment(actor=ana, segment_id=saved.id, shared=True, name='Austin')
    assert [s.name for s in segments.list_segments(actor=ben)] == ['Austin']
    with pytest.raises(Forbidden):
        segments.delete_segment(actor=ben, segment_id=saved.id)
    with pytest.raises(Invalid):
        segments.save_segment(actor=ana, name='Everything', filters=ContactFilter())
    segments.delete_segment(actor=ana, segment_id=saved.id)
    assert segments.list_segments(actor=ana) == []


def test_groups_membership_and_group_filter(admin) -> None:
    a = add_contact('Alpha One', email='a1@example.com')
    b = add_contact('Beta Two', email='b2@example.com')
    add_contact('Gamma Three', email='g3@example.com')
    group = groups.create_group(actor=admin, name='Conference 2026')
    assert groups.add_members(actor=admin, group_id=group.id, selection=Selection(ids=(a, b))) == 2
    assert groups.add_members(actor=admin, group_id=group.id, selection=Selection(ids=(a,))) == 0
    assert names(admin, group=group.id) == ['Alpha One', 'Beta Two']
    assert [g.name for g in groups.groups_of(actor=admin, contact_id=a)] == ['Conference 2026']
    groups.remove_members(actor=admin, group_id=group.id, selection=Selection(ids=(b,)))
    assert names(admin, group=group.id) == ['Alpha One']
    assert groups.list_groups(actor=admin)[0].members == 1
    with pytest.raises(Exception, match='already exists'):
        groups.create_group(actor=admin, name='conference 2026')
