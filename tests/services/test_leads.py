import pytest

from services import app_settings, leads, stages
from services.errors import Forbidden, Invalid


def test_new_lead_lands_in_new_with_normalized_contact_and_default_region(admin) -> None:
    lead = leads.create_lead(
        actor=admin, data={'name': ' Ana Ortiz ', 'phone': '(512) 555-0134', 'email': 'Ana@X.io'}
    )
    assert lead.stage_id == next(s.id for s in stages.list_stages() if s.key == 'NOT_CONTACTED')
    from models import Contact
    from services import db

    with db.session() as s:
        contact = s.get(Contact, lead.contact_id)
    assert (contact.name, contact.first_name, contact.last_name) == ('Ana Ortiz', 'Ana', 'Ortiz')
    assert contact.email_norm == 'ana@x.io' and contact.phone_e164 == '+15125550134'
    assert contact.region == app_settings.get('default_region') == 'US'


@pytest.mark.parametrize(
    ('data', 'message'),
    [
        ({'name': '  ', 'email': 'a@b.co'}, 'Please enter a name.'),
        ({'name': '\u200b', 'email': 'a@b.co'}, 'Please enter a name.'),
        ({'name': 'Ana'}, 'Please enter a phone number or an email address'),
        ({'name': 'Ana', 'email': 'not-an-email'}, "'not-an-email' is not a valid email address."),
        ({'name': 'Ana', 'phone': '12-34'}, 'needs 7 to 15 digits'),
    ],
)
def test_create_lead_validation(admin, data: dict, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        leads.create_lead(actor=admin, data=data)


def test_create_needs_permission_and_assigning_needs_manage(make_user, admin) -> None:
    viewer = make_user('vic', {'view_all_leads'})
    with pytest.raises(Forbidden, match='Create Leads'):
        leads.create_lead(actor=viewer, data={'name': 'X', 'email': 'x@y.co'})
    caller = make_user('cal', {'create_leads'})
    with pytest.raises(Forbidden, match='Manage Leads'):
        leads.create_lead(actor=caller, data={'name': 'X', 'email': 'x@y.co', 'owner_id': admin.id})
    own = leads.create_lead(actor=caller, data={'name': 'X', 'email': 'x@y.co', 'owner_id': caller.id})
    assert own.owner_id == caller.id
