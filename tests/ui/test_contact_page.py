"""/contacts/{id}: status label and moving a person contact → lead → client and back to contact."""

import asyncio

from nicegui.testing import User

from services import contacts, leads
from tests.ui.helpers import sign_in as _sign_in


async def sign_in(user: User, username: str) -> None:
    await _sign_in(user, username)
    await user.should_see(marker='user-menu')


async def _status(user: User, expected: str) -> None:
    """Redraws run as background tasks: give them a moment before reading the label."""
    text = ''
    for _ in range(30):
        text = ' '.join(sorted(e.text for e in user.find(marker='contact-status').elements))
        if text == expected:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f'status label is {text!r}, expected {expected!r}')


async def test_lead_back_to_contact_then_lead_again_then_client(user: User, admin) -> None:
    lead = leads.create_lead(
        actor=admin, data={'name': 'Mo Status', 'phone': '555 444 1212', 'company': 'Mo Co'}
    )
    await sign_in(user, 'admin')
    await user.open(f'/contacts/{lead.contact_id}')
    await user.should_see(marker='contact-status')
    await _status(user, 'Lead')
    user.find(marker='back-to-contact').click()
    await user.should_see(marker='back-dialog')
    user.find(marker='back-confirm').click()
    await user.should_see('Back to contact: the open lead is now Lost.')
    await _status(user, 'Contact')
    assert leads.get_lead(actor=admin, lead_id=lead.id).lost_reason == 'back to contact'
    user.find(marker='make-lead').click()
    await user.should_see('Lead created in New.')
    await _status(user, 'Lead')
    user.find(marker='contact-convert').click()
    await user.should_see(marker='convert-dialog')
    user.find(marker='convert-confirm').click()
    await user.should_see('New client Mo Co')
    await _status(user, 'Client')
    detail = contacts.get_contact(actor=admin, contact_id=lead.contact_id)
    assert [c.name for c in detail.clients] == ['Mo Co']
    await user.should_see(marker=f'contact-lead-{lead.id}')


async def test_unknown_contact_says_so(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/contacts/424242')
    await user.should_see(marker='contact-missing')
