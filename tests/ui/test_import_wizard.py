"""The import wizard with NiceGUI's simulated user: bad files are refused in plain words, the steps lead
to a summary, and the wizard's state survives a reload."""

from pathlib import Path

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from tests.ui.helpers import sign_in

FIXTURES = Path(__file__).parent.parent / 'fixtures' / 'import'


async def _upload(user: User, name: str, data: bytes) -> None:
    await user.should_see(marker='import-upload', retries=100)
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([SmallFileUpload(name, 'text/csv', data)])


async def test_a_non_text_file_is_refused_with_a_clear_message(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/import')
    await _upload(user, 'photo.csv', (FIXTURES / 'image.csv').read_bytes())
    await user.should_see('PNG image', retries=100)
    await user.should_see(marker='import-upload', retries=100)


async def test_wizard_steps_to_a_summary_and_survive_a_reload(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/import')
    await _upload(user, 'zoho.csv', (FIXTURES / 'zoho_leads.csv').read_bytes())
    await user.should_see(marker='import-file-info', retries=100)
    await user.should_see('Designation', retries=100)
    await user.open('/import')  # a reload keeps the step and the file
    await user.should_see(marker='import-file-info', retries=100)
    user.find(marker='import-next').click()
    await user.should_see(marker='value-status-Junk Lead', retries=100)
    user.find(marker='import-next').click()
    await user.should_see(marker='import-totals', retries=100)
    await user.should_see('2 will create', retries=100)
    user.find(marker='import-start').click()
    await user.should_see(marker='import-summary', retries=100)
    await user.should_see('2 created', retries=100)


async def test_html_in_the_file_is_shown_as_text_in_the_preview(user: User, admin) -> None:
    await sign_in(user, 'admin')
    await user.open('/import')
    await _upload(user, 'payloads.csv', (FIXTURES / 'payloads.csv').read_bytes())
    await user.should_see(marker='import-file-info', retries=100)
    user.find(marker='import-next').click()
    await user.should_see('Map the values', retries=100)
    user.find(marker='import-next').click()
    await user.should_see(marker='import-preview', retries=100)
    table = user.find(marker='import-preview').elements.pop()
    assert table.rows[0]['name'] == '<script>alert(1)</script>'
    assert table.rows[0]['company'] == '=HYPERLINK("http://evil","x")'
