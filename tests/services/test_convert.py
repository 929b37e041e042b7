"""Convert to client (new, or into an existing client) and the people/clients that come out of it."""

import pytest

from services import clients, contacts, convert, lead_view, leads
from services.errors import Conflict, Forbidden, Invalid


@pytest.fixture
def lead(admin):
    return leads.create_lead(
        actor=admin,
        data={'name': 'Rita Moreno', 'email': 'rita@acme.test', 'company': 'Acme Roofing', 'city': 'Austin'},
    )


def test_convert_to_a_new_client_prefilled_from_the_person(admin, lead) -> None:
    draft = convert.client_draft(actor=admin, lead_id=lead.id)
    assert draft.name == 'Acme Roofing' and draft.email == 'rita@acme.test' and draft.city == 'Austin'
    result = convert.convert_to_new_client(actor=admin, lead_id=lead.id, values=draft.model_dump())
    assert result.created and result.client.primary_contact_id == lead.contact_id
    assert result.client.source_lead_id == lead.id
    detail = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
    assert detail.stage.key == 'CONVERTED' and detail.lead.client_id == result.client.id
    assert detail.lead.converted_at is not None
    shown = clients.get_client(actor=admin, client_id=result.client.id)
    assert [(x.id, x.kind) for x in shown.leads] == [(lead.id, 'converted')]
    assert contacts.get_contact(actor=admin, contact_id=lead.contact_id).status == contacts.Status.CLIENT
    with pytest.raises(Conflict, match='already converted'):
        convert.convert_into_client(actor=admin, lead_id=lead.id, client_id=result.client.id)


def test_merge_into_an_existing_client_suggested_by_company(admin, lead) -> None:
    other = leads.create_lead(
        actor=admin, data={'name': 'Sam Stone', 'phone': '555 222 3333', 'company': 'ACME Roofing Inc.'}
    )
    existing = convert.convert_to_new_client(
        actor=admin, lead_id=other.id, values={'name': 'Acme Roofing Inc.', 'company': 'ACME Roofing Inc.'}
    ).client
    convert.convert_to_new_client(
        actor=admin,
        lead_id=leads.create_lead(actor=admin, data={'name': 'Zed', 'email': 'z@z.test'}).id,
        values={'name': 'Zebra Farms'},
    )
    suggestions = convert.suggest_clients(actor=admin, lead_id=lead.id)
    assert suggestions[0].id == existing.id and 'company' in suggestions[0].reason
    assert convert.suggest_clients(actor=admin, lead_id=lead.id, query='zebra')[0].name == 'Zebra Farms'
    result = convert.convert_into_client(actor=admin, lead_id=lead.id, client_id=existing.id)
    assert not result.created and result.client.primary_contact_id == other.contact_id
    shown = clients.get_client(actor=admin, client_id=existing.id)
    assert {x.id for x in shown.leads} == {lead.id, other.id}
    assert contacts.get_contact(actor=admin, contact_id=lead.contact_id).status == contacts.Status.CLIENT


def test_convert_needs_a_workable_lead_and_a_valid_form(make_user, admin, lead) -> None:
    caller = make_user('chloe', {'create_leads'})
    with pytest.raises(Forbidden):
        convert.convert_to_new_client(actor=caller, lead_id=lead.id, values={'name': 'X'})
    with pytest.raises(Invalid, match='client name'):
        convert.convert_to_new_client(actor=admin, lead_id=lead.id, values={'name': ' '})
    with pytest.raises(Invalid, match='valid email'):
        convert.convert_to_new_client(actor=admin, lead_id=lead.id, values={'name': 'A', 'email': 'x@'})


def test_an_upsell_lead_suggests_its_own_client_first(admin, lead) -> None:
    client = convert.convert_to_new_client(actor=admin, lead_id=lead.id, values={'name': 'Zeta Works'}).client
    upsell = clients.create_upsell_lead(actor=admin, client_id=client.id, product_type='Auto')
    top = convert.suggest_clients(actor=admin, lead_id=upsell.id)[0]
    assert top.id == client.id and top.reason == 'this lead is an upsell for it'
    done = convert.convert_into_client(actor=admin, lead_id=upsell.id, client_id=client.id)
    assert done.lead.client_id == client.id and done.client.source_lead_id == lead.id
