"""Browser tests against a real server: one `python main.py` per session on a free port and its own data
directory, one Chromium (Debian's, or $LEADBOARD_CHROMIUM), one admin created through /setup, and
helpers to sign in a fresh browser context (one context = one user, with its own cookies).

    def test_something(signed_in, add_user):
        add_user('bo', {'create_leads'})
        page = signed_in('bo')
        page.goto(url('/leads')); wait_ready(page)
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 'admin'
PASSWORD = 'correct-horse-1'
CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
]


@dataclass(frozen=True)
class Server:
    base_url: str
    data_dir: Path
    process: subprocess.Popen

    def url(self, path: str = '/') -> str:
        return self.base_url + path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _server_env(data_dir: Path) -> dict[str, str]:
    # NiceGUI treats PYTEST_CURRENT_TEST as "running under its own screen fixture"; the per-test database
    # variables of the service tests must not leak into the real server either
    env = {
        k: v
        for k, v in os.environ.items()
        if k != 'PYTEST_CURRENT_TEST' and not k.startswith(('LEADBOARD_', 'NICEGUI_'))
    }
    env['PYTHONUNBUFFERED'] = '1'
    return env


def _wait_until_up(base_url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'the server exited with {process.returncode}:\n{log.read_text()[-3000:]}')
        try:
            with urllib.request.urlopen(base_url + '/login', timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f'the server did not answer within {timeout} s:\n{log.read_text()[-3000:]}')


@contextmanager
def launch_server(data_dir: Path | None = None) -> Iterator[Server]:
    """A real `python main.py` on a free port (with a fresh data directory unless given), stopped on exit."""
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix='leadboard-e2e-'))
    port = _free_port()
    log = data_dir / 'server.log'
    with log.open('w') as out:
        process = subprocess.Popen(
            [sys.executable, 'main.py', '--port', str(port), '--data-dir', str(data_dir)],
            cwd=ROOT,
            env=_server_env(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Server(base_url=f'http://127.0.0.1:{port}', data_dir=data_dir, process=process)
    try:
        _wait_until_up(running.base_url, process, log)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope='session')
def server() -> Iterator[Server]:
    with launch_server() as running:
        yield running


def chromium_path() -> str | None:
    """$LEADBOARD_CHROMIUM, else Debian's /usr/bin/chromium, else None (Playwright's own browser)."""
    explicit = os.environ.get('LEADBOARD_CHROMIUM')
    if explicit:
        return explicit
    return '/usr/bin/chromium' if Path('/usr/bin/chromium').exists() else None


@pytest.fixture(scope='session')
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def wait_ready(page: Page, timeout: float = 15_000) -> None:
    """Wait until NiceGUI's websocket handshake is done: before that, clicks reach no handler."""
    page.wait_for_function('window.did_handshake === true', timeout=timeout)


def goto(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)


@pytest.fixture(scope='session')
def admin_account(server: Server, browser: Browser) -> tuple[str, str]:
    """The first admin, created once per session through /setup like a real first start."""
    context = browser.new_context()
    page = context.new_page()
    goto(page, server.url('/setup'))
    # NiceGUI markers never reach the DOM: the browser finds fields by their visible labels
    page.get_by_label('Username', exact=True).fill(ADMIN)
    page.get_by_label('Your name (shown to the team)').fill('Ada Admin')
    page.get_by_label('Password (8+ characters)').fill(PASSWORD)
    page.get_by_label('Repeat password').fill(PASSWORD)
    page.get_by_role('button', name='Create admin account').click()
    page.wait_for_url('**/leads**')
    context.close()
    return ADMIN, PASSWORD


@pytest.fixture(scope='session')
def add_user(server: Server, admin_account: tuple[str, str]) -> Callable[..., str]:
    """add_user('bo', {'create_leads'}, 'Bo Brown') -> username; same password as the admin. Uses the
    CLI against the running server's data directory, as an operator would."""
    created: set[str] = set()

    def add(
        username: str, permissions: set[str] | frozenset[str] = frozenset(), display_name: str = ''
    ) -> str:
        if username in created:
            return username
        password_file = server.data_dir / f'.pw-{username}'
        password_file.write_text(PASSWORD)
        result = subprocess.run(
            [
                sys.executable,
                'main.py',
                '--data-dir',
                str(server.data_dir),
                'users',
                'add',
                username,
                '--permissions',
                ','.join(sorted(permissions)),
                '--display-name',
                display_name or username.capitalize(),
                '--password-file',
                str(password_file),
            ],
            cwd=ROOT,
            env=_server_env(server.data_dir),
            capture_output=True,
            text=True,
            timeout=60,
        )
        password_file.unlink()
        if result.returncode != 0:
            raise RuntimeError(f'users add {username} failed: {result.stderr}')
        created.add(username)
        return username

    return add


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Fresh browser contexts (separate cookies = separate users), closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        options.setdefault('viewport', {'width': 1366, 'height': 768})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(
    server: Server, admin_account: tuple[str, str], new_context: Callable[..., BrowserContext]
) -> Callable[..., Page]:
    """signed_in('bo') -> a page in a new context, signed in as bo and sitting on `path` (default /leads)."""

    def sign_in(username: str = ADMIN, password: str = PASSWORD, path: str = '/leads', **options) -> Page:
        page = new_context(**options).new_page()
        goto(page, server.url('/login?next=' + path))
        page.get_by_label('Username', exact=True).fill(username)
        page.get_by_label('Password', exact=True).fill(password)
        page.get_by_role('button', name='Sign in').click()
        page.wait_for_url(lambda u: '/login' not in u)
        wait_ready(page)
        return page

    return sign_in
