"""The import wizard in a real browser: upload through the widget, change a mapping, import with progress,
download the rejected rows, undo."""

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import Server, wait_ready

ROWS = 20_000


def _write_file(path: Path) -> None:
    with path.open('w', newline='', encoding='utf-8') as f:
        writer = csv.writer(f)
        writer.writerow(['Name', 'E-mail', 'Handy', 'Company', 'Status'])
        writer.writerow(['Broken Mail', 'not-an-email', '', 'Nowhere', 'new'])
        for i in range(ROWS):
            writer.writerow(
                [
                    f'Person {i}',
                    f'person{i}@e2e.example',
                    f'415-{555 + i // 10000}-{i % 10000:04d}',
                    f'Company {i}',
                    'new',
                ]
            )


def test_upload_map_import_download_rejected_and_undo(server: Server, signed_in, tmp_path: Path) -> None:
    source = tmp_path / 'e2e-leads.csv'
    _write_file(source)
    page = signed_in('admin', path='/import')
    page.goto(server.url('/import'))
    wait_ready(page)
    page.locator('input[type=file]').set_input_files(str(source))

    expect(page.get_by_text('e2e-leads.csv')).to_be_visible(timeout=20_000)
    expect(page.get_by_text(f'{ROWS + 1:,} rows')).to_be_visible()
    # "Handy" (German for mobile) is not recognized: map it to Phone by hand
    page.locator('[data-testid=map-Handy]').click()
    page.get_by_role('option', name='Phone', exact=True).click()
    expect(page.locator('[data-testid=map-Handy]')).to_contain_text('Phone')
    page.locator('[data-testid=import-next]').click()

    expect(page.locator('[data-testid=value-status-new]')).to_contain_text('New')
    page.locator('[data-testid=import-next]').click()

    expect(page.locator('[data-testid=import-totals]')).to_contain_text('1 will reject', timeout=20_000)
    expect(page.locator('[data-testid=import-preview]')).to_contain_text('invalid_email')
    page.locator('[data-testid=import-start]').click()

    expect(page.locator('[data-testid=import-progress]')).to_be_visible()
    summary = page.locator('[data-testid=import-summary]')
    expect(summary).to_be_visible(timeout=60_000)
    expect(page.locator('[data-testid=summary-created]')).to_contain_text(f'{ROWS:,} created')
    expect(page.locator('[data-testid=summary-rejected]')).to_contain_text('1 rejected')

    with page.expect_download() as download_info:
        page.locator('[data-testid=download-rejected]').click()
    text = Path(download_info.value.path()).read_text(encoding='utf-8-sig')
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ['Name', 'E-mail', 'Handy', 'Company', 'Status', 'reason']
    assert rows[1] == ['Broken Mail', 'not-an-email', '', 'Nowhere', 'new', 'invalid_email']

    page.locator('[data-testid=undo-import]').click()
    page.locator('[data-testid=undo-confirm]').click()
    expect(page.locator('[data-testid=undo-result]')).to_contain_text(
        f'removed {ROWS:,} contacts', timeout=30_000
    )

    # the wizard's state lives in the tab: a reload shows the same summary
    page.reload()
    wait_ready(page)
    expect(page.locator('[data-testid=undo-result]')).to_be_visible()
