"""Each contacts filter through the page: the URL sets it, the table shows exactly the matching people."""

from datetime import timedelta

import pytest
from nicegui.testing import User

from models import utcnow
from services import groups, lead_work, tags
from services.contact_bulk import Selection, add_tag
from tests.services.contact_factory import add_contact, add_lead, contacted
from tests.ui.helpers import sign_in


@pytest.fixture
def people(admin) -> dict:
    now = utcnow()
    ann = add_contact(
        'Ann Austin', email='ann@example.com', city='Austin', state='TX', country='US', source='Website'
    )
    bob = add_contact(
        'Bob Boston', email='bob@example.com', city='Boston', state='MA', country='US', source='Referral'
    )
    cy = add_contact(
        'Cy Toronto', email='cy@example.com', city='Toronto', state='ON', country='CA', source='Event'
    )
    lead_id, dee = add_lead(admin, 'Dee Lead', email='dee@example.com')
    lead_work.log_call(actor=admin, lead_id=lead_id, outcome='talked', note='')
    contacted(ann, now - timedelta(days=60))
    vip = tags.create_tag(actor=admin, name='VIP')
    add_tag(actor=admin, selection=Selection(ids=(bob,)), tag_id=vip.id)
    group = groups.create_group(actor=admin, name='Expo')
    groups.add_members(actor=admin, group_id=group.id, selection=Selection(ids=(cy,)))
    cutoff = (now - timedelta(days=30)).date().isoformat()
    return {'vip': vip.id, 'group': group.id, 'cutoff': cutoff, 'ids': (ann, bob, cy, dee)}


CASES = [
    ('status=lead', ['Dee Lead']),
    ('status=contact', ['Ann Austin', 'Bob Boston', 'Cy Toronto']),
    ('tags={vip}', ['Bob Boston']),
    ('source=Event', ['Cy Toronto']),
    ('city=Austin', ['Ann Austin']),
    ('state=MA', ['Bob Boston']),
    ('country=CA', ['Cy Toronto']),
    ('contacted=before&contacted_on={cutoff}', ['Ann Austin']),
    ('contacted=never', ['Bob Boston', 'Cy Toronto']),
    ('calls=some&calls_days=7', ['Dee Lead']),
    ('calls=none&calls_days=7', ['Ann Austin', 'Bob Boston', 'Cy Toronto']),
    ('group={group}', ['Cy Toronto']),
    ('q=toronto', ['Cy Toronto']),
]


@pytest.mark.parametrize(('query', 'expected'), CASES)
async def test_each_filter(user: User, people, query: str, expected: list[str]) -> None:
    await sign_in(user, 'admin')
    await user.open('/contacts?' + query.format(**people))
    await user.should_see(marker='contacts-table')
    rows = next(iter(user.find(marker='contacts-table').elements)).rows
    assert sorted(r['name'] for r in rows) == expected
