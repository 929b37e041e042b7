"""The command line: server flags, and sub-commands that run the same services as the web app.

Exit codes: 0 success, 2 bad input (with a one-line reason on stderr)."""

import argparse
import getpass
import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

import ui
from services import bootstrap, users
from services.config import Settings
from services.errors import DomainError


class UsageError(Exception):
    """Bad input on the command line: reported on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='main.py', description='Leadboard: a self-hosted, real-time lead CRM.'
    )
    parser.add_argument(
        '--host', help='address to listen on (LEADBOARD_HOST, default 127.0.0.1; 0.0.0.0 for the LAN)'
    )
    parser.add_argument('--port', type=int, help='port (LEADBOARD_PORT, default 8080)')
    parser.add_argument(
        '--data-dir', help='database, session secret, documents, backups (LEADBOARD_DATA_DIR, ./data)'
    )
    parser.add_argument(
        '--database-url', help='SQLAlchemy URL (LEADBOARD_DATABASE_URL; default SQLite in the data dir)'
    )
    parser.add_argument('--demo', action='store_true', default=None, help='run on a seeded demo database')
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')

    users_parser = commands.add_parser('users', help='manage user accounts')
    users_commands = users_parser.add_subparsers(dest='users_command', metavar='ACTION', required=True)
    add = users_commands.add_parser('add', help='add a user (asks for the password)')
    add.add_argument('username')
    add.add_argument(
        '--permissions', default='', help='comma list: create_leads,manage_leads,view_all_leads,admin'
    )
    add.add_argument('--display-name', default='')
    add.add_argument('--password-file', help='read the password from this file instead of asking')
    add.set_defaults(handler=_users_add)

    # sub-command families living beside their pages register themselves: ui/cli_<name>.py
    for info in pkgutil.iter_modules(ui.__path__):
        if info.name.startswith('cli_'):
            importlib.import_module(f'ui.{info.name}').add_parsers(commands)
    return parser


def parse(argv: list[str]) -> tuple[Settings, argparse.Namespace]:
    args = build_parser().parse_args(argv)
    overrides = {
        key: value
        for key, value in {
            'host': args.host,
            'port': args.port,
            'data_dir': args.data_dir,
            'database_url': args.database_url,
            'demo': args.demo,
        }.items()
        if value is not None
    }
    try:
        settings = Settings(**overrides)
    except ValidationError as e:
        _fail(f'bad setting: {e.errors()[0]["loc"][0]}: {e.errors()[0]["msg"]}')
    return settings, args


def run_command(settings: Settings, args: argparse.Namespace) -> int:
    handler: Callable[[Settings, argparse.Namespace], int] = args.handler
    try:
        bootstrap.prepare_database(settings.effective_database_url)
        return handler(settings, args)
    except (UsageError, DomainError) as e:
        _fail(str(e))
    except KeyboardInterrupt:
        _fail('interrupted')
    return 2


def _fail(message: str) -> None:
    print(f'error: {message}', file=sys.stderr)
    raise SystemExit(2)


def _users_add(settings: Settings, args: argparse.Namespace) -> int:
    permissions = {p.strip() for p in args.permissions.split(',') if p.strip()}
    if args.password_file:
        try:
            password = Path(args.password_file).read_text(encoding='utf-8').rstrip('\r\n')
        except OSError as e:
            raise UsageError(f'cannot read the password file: {e.strerror}') from None
    else:
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip('\r\n')
        else:
            password = getpass.getpass(f'Password for {args.username}: ')
            if getpass.getpass('Repeat the password: ') != password:
                raise UsageError('the two passwords differ')
    user = users.create_user(
        actor=None,
        username=args.username,
        display_name=args.display_name,
        password=password,
        permissions=permissions,
    )
    granted = ', '.join(sorted(user.permissions)) or 'no permissions'
    print(f'Added user {user.username} ({granted}).')
    return 0
