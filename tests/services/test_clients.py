"""The clients list, upsell leads, and a person's status moves (contact → lead → client → contact)."""

from services import activities, clients, contacts, convert, leads, tags


def _client(admin, name: str, company: str = ''):
    lead = leads.create_lead(actor=admin, data={'name': f'{name} Person', 'email': f'{name.lower()}@x.test'})
    return convert.convert_to_new_client(
        actor=admin, lead_id=lead.id, values={'name': name, 'company': company}
    )


def test_list_is_paginated_and_searchable(admin) -> None:
    for i in range(7):
        _client(admin, f'Client{i:02d}', company='Northwind' if i % 2 else 'Globex')
    first = clients.list_clients(actor=admin, per_page=3)
    assert (
        first.total == 7
        and first.pages == 3
        and [r.name for r in first.rows]
        == [
            'Client00',
            'Client01',
            'Client02',
        ]
    )
    assert clients.list_clients(actor=admin, per_page=3, page=3).rows[0].name == 'Client06'
    found = clients.list_clients(actor=admin, q='northw')
    assert found.total == 3 and all(r.company == 'Northwind' for r in found.rows)
    assert found.rows[0].leads == 1 and found.rows[0].primary_contact.endswith('Person')


def test_upsell_lead_uses_the_primary_contact(admin) -> None:
    conversion = _client(admin, 'Initech')
    upsell = clients.create_upsell_lead(actor=admin, client_id=conversion.client.id, product_type='Life')
    assert upsell.contact_id == conversion.lead.contact_id and upsell.client_id == conversion.client.id
    shown = clients.get_client(actor=admin, client_id=conversion.client.id)
    kinds = {x.id: x.kind for x in shown.leads}
    assert kinds == {conversion.lead.id: 'converted', upsell.id: 'upsell'}
    history = [a.summary for a in activities.timeline(client_id=conversion.client.id)]
    assert (
        history[0] == 'Upsell lead opened for Initech Person (Life)'
        and 'Converted to new client' in history[1]
    )


def test_status_moves_contact_lead_client_and_back(admin) -> None:
    lead = leads.create_lead(actor=admin, data={'name': 'Mo Status', 'phone': '555 444 1212'})
    person = lead.contact_id
    assert contacts.get_contact(actor=admin, contact_id=person).status == contacts.Status.LEAD
    lost = contacts.back_to_contact(actor=admin, contact_id=person)
    assert lost[0].lost_reason == 'back to contact'
    assert contacts.get_contact(actor=admin, contact_id=person).status == contacts.Status.CONTACT
    again = contacts.make_lead(actor=admin, contact_id=person)
    detail = contacts.get_contact(actor=admin, contact_id=person)
    assert detail.status == contacts.Status.LEAD and detail.open_lead_id == again.id
    convert.convert_to_new_client(actor=admin, lead_id=again.id, values={'name': 'Mo Inc'})
    assert contacts.get_contact(actor=admin, contact_id=person).status == contacts.Status.CLIENT


def test_set_tags_logs_added_and_removed(admin) -> None:
    lead = leads.create_lead(actor=admin, data={'name': 'Tia Tag', 'phone': '555 444 1213'})
    vip = tags.create_tag(actor=admin, name='VIP')
    cold = tags.create_tag(actor=admin, name='Cold')
    contacts.set_tags(actor=admin, contact_id=lead.contact_id, tag_ids=[vip.id, cold.id])
    result = contacts.set_tags(actor=admin, contact_id=lead.contact_id, tag_ids=[vip.id])
    assert [t.name for t in result] == ['VIP']
    summaries = [a.summary for a in activities.timeline(contact_id=lead.contact_id) if a.kind == 'tags']
    assert summaries == ['Tags: −Cold', 'Tags: +VIP +Cold'] or summaries == [
        'Tags: −Cold',
        'Tags: +Cold +VIP',
    ]


def test_search_finds_a_phone_typed_differently(admin) -> None:
    lead = leads.create_lead(actor=admin, data={'name': 'Pho Ne', 'email': 'p@x.test'})
    convert.convert_to_new_client(
        actor=admin, lead_id=lead.id, values={'name': 'Dialtone', 'phone': '(503) 555-5808'}
    )
    assert [r.name for r in clients.list_clients(actor=admin, q='555-5808').rows] == ['Dialtone']
    assert [r.name for r in clients.list_clients(actor=admin, q='DIALT').rows] == ['Dialtone']
    assert clients.list_clients(actor=admin, q='nothing-like-it').total == 0
