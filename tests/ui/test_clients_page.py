"""/clients (search, pages) and /clients/{id} (details, Leads tab, New upsell lead)."""

from nicegui.testing import User

from services import clients, convert, leads
from tests.ui.helpers import sign_in as _sign_in


async def sign_in(user: User, username: str) -> None:
    await _sign_in(user, username)
    await user.should_see(marker='user-menu')


def _client(admin, name: str, company: str = '', region: str = 'US'):
    lead = leads.create_lead(
        actor=admin, data={'name': f'{name} Person', 'email': f'{name.lower()}@x.test', 'company': company}
    )
    return convert.convert_to_new_client(
        actor=admin, lead_id=lead.id, values={'name': name, 'company': company, 'region': region}
    )


def _rows(user: User) -> list[dict]:
    return next(iter(user.find(marker='clients-table').elements)).rows


async def test_list_searches_and_pages(user: User, admin) -> None:
    for i in range(27):
        _client(admin, f'Client{i:02d}', company='Northwind' if i == 3 else 'Globex')
    await sign_in(user, 'admin')
    await user.open('/clients')
    await user.should_see('1–25 of 27')
    assert _rows(user)[0]['name'] == 'Client00'
    user.find(marker='clients-next').click()
    await user.should_see('26–27 of 27')
    user.find(marker='client-search').type('northw')
    await user.should_see('1–1 of 1')
    assert [r['name'] for r in _rows(user)] == ['Client03']


async def test_region_path_filters(user: User, admin) -> None:
    _client(admin, 'Maple', region='CA')
    _client(admin, 'Liberty', region='US')
    await sign_in(user, 'admin')
    await user.open('/ca/clients')
    await user.should_see('1–1 of 1')
    assert [r['name'] for r in _rows(user)] == ['Maple']


async def test_client_page_lists_leads_and_creates_an_upsell(user: User, admin) -> None:
    conversion = _client(admin, 'Initech', company='Initech')
    await sign_in(user, 'admin')
    await user.open(f'/clients/{conversion.client.id}')
    await user.should_see(marker='client-name')
    await user.should_see(marker=f'client-lead-{conversion.lead.id}')
    await user.should_see('Initech Person')
    user.find(marker='new-upsell').click()
    await user.should_see(marker='upsell-dialog')
    user.find(marker='upsell-save').click()
    await user.should_see('Upsell lead created in New.')
    detail = clients.get_client(actor=admin, client_id=conversion.client.id)
    upsell = next(x for x in detail.leads if x.kind == 'upsell')
    await user.should_see(marker=f'client-lead-{upsell.id}')


async def test_missing_client_says_so(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/clients/999')
    await user.should_see(marker='client-missing')
