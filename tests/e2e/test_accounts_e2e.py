"""First start in a real browser: create the admin on /setup, sign out, a wrong password, then sign in."""

import re
import sqlite3
import urllib.request

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import goto, launch_server


def test_setup_sign_out_wrong_password_sign_in(browser: Browser) -> None:
    with launch_server() as server:
        secret_file = server.data_dir / 'session-secret'
        secret = secret_file.read_text()
        assert len(secret.strip()) >= 40 and secret_file.stat().st_mode & 0o777 == 0o600
        page = browser.new_context(viewport={'width': 1366, 'height': 768}).new_page()
        page.set_default_timeout(10_000)

        goto(page, server.url('/leads'))
        expect(page).to_have_url(re.compile(r'/setup$'))
        page.get_by_label('Username', exact=True).fill('owner')
        page.get_by_label('Your name (shown to the team)').fill('Olga Owner')
        page.get_by_label('Password (8+ characters)').fill('owner-secret-1')
        page.get_by_label('Repeat password').fill('owner-secret-1')
        page.get_by_role('button', name='Create admin account').click()
        page.wait_for_url('**/leads**')
        expect(page.get_by_text('Olga Owner')).to_be_visible()

        page.get_by_text('Olga Owner').click()
        page.get_by_text('Sign out').click()
        page.wait_for_url('**/login**')

        # /setup is closed once an account exists
        goto(page, server.url('/setup'))
        expect(page).to_have_url(re.compile(r'/login'))

        page.get_by_label('Username', exact=True).fill('owner')
        page.get_by_label('Password', exact=True).fill('not-the-password')
        page.get_by_role('button', name='Sign in').click()
        expect(page.get_by_text('Wrong username or password.')).to_be_visible()
        expect(page).to_have_url(re.compile(r'/login'))

        page.get_by_label('Password', exact=True).fill('owner-secret-1')
        page.get_by_role('button', name='Sign in').click()
        page.wait_for_url('**/leads**')
        expect(page.get_by_text('Olga Owner')).to_be_visible()

        tables = {
            row[0]
            for row in sqlite3.connect(server.data_dir / 'leadboard.db').execute(
                "select name from sqlite_master where type='table'"
            )
        }
        assert {'user', 'lead', 'contact', 'stage', 'activity', 'client', 'tag'} <= tables

    # a second start on the same data dir reuses the secret and the database
    with launch_server(server.data_dir) as again:
        assert (again.data_dir / 'session-secret').read_text() == secret
        with urllib.request.urlopen(again.url('/login')) as response:
            assert response.status == 200
            assert '/login' in response.url
