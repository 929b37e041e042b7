"""The duplicate prompt of the New lead dialog: Add lead to this contact, Keep both, Cancel."""

from nicegui.testing import User
from sqlmodel import func, select

from models import Contact, Lead
from services import db, leads
from tests.ui.helpers import sign_in as _sign_in


async def sign_in(user: User, username: str) -> None:
    await _sign_in(user, username)
    await user.should_see(marker='user-menu')


def _count(model) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


async def _new_lead(user: User, name: str, phone: str = '', email: str = '', company: str = '') -> None:
    await user.open('/leads')
    user.find(marker='new-lead').click()
    await user.should_see(marker='new-lead-dialog')
    user.find(marker='new-lead-name').type(name)
    if phone:
        user.find(marker='new-lead-phone').type(phone)
    if email:
        user.find(marker='new-lead-email').type(email)
    if company:
        user.find(marker='new-lead-company').type(company)
    user.find(marker='new-lead-submit').click()


def _existing(admin):
    return leads.create_lead(
        actor=admin,
        data={'name': 'Rita Moreno', 'phone': '(555) 010-2030', 'company': 'Acme Roofing', 'city': ''},
    )


async def test_same_phone_offers_adding_the_lead_to_the_existing_contact(user: User, admin) -> None:
    first = _existing(admin)
    await sign_in(user, 'admin')
    await _new_lead(user, 'R. Moreno', phone='555-010-2030', email='rita@acme.test')
    await user.should_see(marker='duplicate-prompt')
    await user.should_see('same phone +1 555-010-2030')
    user.find(marker=f'duplicate-add-{first.contact_id}').click()
    await user.should_see('created in New')
    assert _count(Contact) == 1 and _count(Lead) == 2
    with db.session() as s:
        person = s.get(Contact, first.contact_id)
    assert person.email == 'rita@acme.test' and person.name == 'Rita Moreno'


async def test_similar_name_at_same_company_keep_both(user: User, admin) -> None:
    _existing(admin)
    await sign_in(user, 'admin')
    await _new_lead(user, 'Rita Morena', email='other@acme.test', company='ACME Roofing Inc.')
    await user.should_see(marker='duplicate-prompt')
    await user.should_see('similar, same company')
    user.find(marker='duplicate-keep').click()
    await user.should_see('created in New')
    assert _count(Contact) == 2 and _count(Lead) == 2


async def test_cancel_saves_nothing_and_keeps_the_form(user: User, admin) -> None:
    _existing(admin)
    await sign_in(user, 'admin')
    await _new_lead(user, 'Somebody Else', phone='555 010 2030')
    await user.should_see(marker='duplicate-prompt')
    user.find(marker='duplicate-cancel').click()
    await user.should_not_see(marker='duplicate-prompt')
    assert _count(Contact) == 1 and _count(Lead) == 1
    await user.should_see(marker='new-lead-dialog')


async def test_no_match_creates_without_asking(user: User, admin) -> None:
    _existing(admin)
    await sign_in(user, 'admin')
    await _new_lead(user, 'Totally New', email='new@example.test')
    await user.should_see('created in New')
    assert _count(Contact) == 2
