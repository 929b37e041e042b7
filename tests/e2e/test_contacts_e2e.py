"""The contacts table in a real browser: header sorting and paging run on the server and land in the URL,
and a reload shows the same view."""

import re

from playwright.sync_api import expect

from services import db
from tests.e2e.conftest import goto
from tests.services.contact_factory import add_contact

CITY = 'Zzyzx'  # a town of its own: other browser tests share this server


def test_sort_and_page_through_the_server(server, signed_in) -> None:
    db.configure(f'sqlite:///{server.data_dir / "leadboard.db"}')
    for i in range(30):
        add_contact(
            f'Pat E2e{i:02d}', email=f'pat{i}@e2e-contacts.example', company=f'Firm {i:02d}', city=CITY
        )
    page = signed_in(path='/contacts')
    goto(page, server.url(f'/contacts?city={CITY}&per_page=25'))
    expect(page.get_by_text('30 people')).to_be_visible()
    first_names = page.locator('tbody tr td:nth-child(2)')
    expect(first_names.first).to_have_text('Pat E2e00')

    page.locator('th', has_text='Company').click()  # ascending
    page.locator('th', has_text='Company').click()  # descending
    expect(page).to_have_url(re.compile(r'sort=company&desc=1'))
    expect(first_names.first).to_have_text('Pat E2e29')

    page.locator('.q-table__bottom button', has_text='chevron_right').click()  # next page
    expect(page).to_have_url(re.compile(r'page=2'))
    expect(first_names).to_have_count(5)
    expect(first_names.first).to_have_text('Pat E2e04')

    goto(page, page.url)  # a reload (or a shared link) shows the same view
    expect(first_names.first).to_have_text('Pat E2e04')
    expect(page.get_by_text('26-30 of 30')).to_be_visible()
