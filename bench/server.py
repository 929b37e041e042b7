"""A real Leadboard server for benchmarks (own port, own data dir) and a signed-in session's cookies."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run']


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@contextmanager
def running_server(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(('LEADBOARD_', 'PYTEST_'))}
    if os.environ.get('BENCH_SITE'):  # experiments: a sitecustomize for the server (e.g. GC settings)
        env['PYTHONPATH'] = os.environ['BENCH_SITE']
    log = (data_dir / 'server.log').open('w')
    # BENCH_PROFILE=<file>: run the server under cProfile (stopped with SIGINT so the profile is written)
    profile = ['-m', 'cProfile', '-o', os.environ['BENCH_PROFILE']] if os.environ.get('BENCH_PROFILE') else []
    process = subprocess.Popen(
        [sys.executable, *profile, 'main.py', '--port', str(port), '--data-dir', str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f'http://127.0.0.1:{port}'
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base_url + '/login', timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f'server did not start; see {data_dir / "server.log"}') from None
                time.sleep(0.2)
        yield base_url, process
    finally:
        process.send_signal(signal.SIGINT if profile else signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def signed_in_cookies(base_url: str, username: str, password: str) -> dict[str, str]:
    """Sign in through the real login page in Chromium and hand back the session cookies."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get('LEADBOARD_CHROMIUM', '/usr/bin/chromium'), args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(base_url + '/login')
        page.wait_for_function('window.did_handshake === true')
        page.get_by_label('Username', exact=True).fill(username)
        page.get_by_label('Password', exact=True).fill(password)
        page.get_by_role('button', name='Sign in').click()
        page.wait_for_url(lambda u: '/login' not in u)
        cookies = {c['name']: c['value'] for c in page.context.cookies()}
        browser.close()
    return cookies
