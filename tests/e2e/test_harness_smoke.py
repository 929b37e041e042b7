"""The e2e harness itself: the server answers, the admin exists, a signed-in context reaches /leads."""

from tests.e2e.conftest import Server


def test_signed_in_admin_reaches_the_leads_page(server: Server, signed_in) -> None:
    page = signed_in('admin')
    assert page.url.startswith(server.url('/leads'))
    assert page.evaluate('window.did_handshake') is True


def test_a_user_added_through_the_cli_can_sign_in(server: Server, signed_in, add_user) -> None:
    add_user('smoke', {'create_leads'}, 'Smoke Tester')
    page = signed_in('smoke')
    assert '/login' not in page.url
