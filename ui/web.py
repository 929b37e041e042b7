"""Starting the web app: database, live bridge, pages, then NiceGUI's server."""

import logging
import socket

from nicegui import app, ui

from services import bootstrap, demo
from services.config import Settings
from services.secrets import session_secret
from ui import collector, live, pages, speedups

log = logging.getLogger('leadboard')


def start(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    bootstrap.prepare_database(settings.effective_database_url)
    app.state.demo = settings.demo
    app.state.settings = settings
    if settings.demo:
        _announce_demo(demo.seed_if_empty())
    live.install()
    collector.install()
    speedups.install()
    pages.register_all()
    app.on_startup(lambda: _announce_urls(settings))
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Leadboard',
        favicon='⚡',
        storage_secret=session_secret(settings.secret_path),
        reload=False,
        show=False,
        show_welcome_message=False,
        reconnect_timeout=10,
    )


def _announce_demo(accounts: list[tuple[str, str, str]]) -> None:
    print('Demo data. Sign in with one of these demo accounts:', flush=True)
    for username, password, role in accounts:
        print(f'  {username:<8} password {password:<14} {role}', flush=True)


def _announce_urls(settings: Settings) -> None:
    hosts = [settings.host]
    if settings.host in ('0.0.0.0', '::'):
        hosts = ['127.0.0.1', *_lan_addresses()]
    for host in hosts:
        print(f'Leadboard is running at http://{host}:{settings.port}', flush=True)


def _lan_addresses() -> list[str]:
    addresses: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET):
            addresses.add(str(info[4][0]))
    except OSError:
        pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            # no packet is sent: connecting a UDP socket only picks the outgoing interface
            probe.connect(('192.0.2.1', 9))
            addresses.add(probe.getsockname()[0])
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith('127.'))
