"""The command line runs the same services with the same rules: exit 0, or 2 with one line on stderr."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from services import db, users

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, data_dir: Path, stdin: str = '') -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('LEADBOARD_', 'PYTEST_', 'NICEGUI_'))}
    return subprocess.run(
        [sys.executable, 'main.py', '--data-dir', str(data_dir), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_users_add_with_password_file_then_sign_in(tmp_path: Path) -> None:
    secret = tmp_path / 'pw.txt'
    secret.write_text('ana-secret-pw\n')
    result = run(
        'users',
        'add',
        'ana',
        '--permissions',
        'create_leads,manage_leads',
        '--password-file',
        str(secret),
        '--display-name',
        'Ana Ortiz',
        data_dir=tmp_path / 'd',
    )
    assert result.returncode == 0, result.stderr
    assert 'Added user ana (create_leads, manage_leads).' in result.stdout
    db.configure(f'sqlite:///{tmp_path / "d" / "leadboard.db"}')
    signed_in = users.authenticate(username='ana', password='ana-secret-pw')
    assert signed_in.display_name == 'Ana Ortiz'
    assert signed_in.permissions == {'create_leads', 'manage_leads'}


def test_users_add_reads_password_from_stdin(tmp_path: Path) -> None:
    result = run('users', 'add', 'ben', data_dir=tmp_path, stdin='ben-secret-pw\n')
    assert result.returncode == 0, result.stderr
    rows = (
        sqlite3.connect(tmp_path / 'leadboard.db')
        .execute('select username, password_hash from user')
        .fetchall()
    )
    assert rows[0][0] == 'ben' and rows[0][1].startswith('$argon2')


@pytest.mark.parametrize(
    ('args', 'stdin', 'message'),
    [
        (('users', 'add', 'ana', '--password-file', '/nonexistent/pw'), '', 'cannot read the password file'),
        (('users', 'add', 'ana'), 'short\n', 'at least 8 characters'),
        (('users', 'add', '  '), 'long-enough\n', 'Please enter a username.'),
        (('users', 'add', 'ana', '--permissions', 'root'), 'long-enough\n', "Unknown permission 'root'"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: tuple, stdin: str, message: str) -> None:
    result = run(*args, data_dir=tmp_path, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert 'Traceback' not in result.stderr


def test_duplicate_username_exits_2(tmp_path: Path) -> None:
    assert run('users', 'add', 'ana', data_dir=tmp_path, stdin='long-enough\n').returncode == 0
    result = run('users', 'add', 'ANA', data_dir=tmp_path, stdin='long-enough\n')
    assert result.returncode == 2
    assert "The username 'ANA' is already taken." in result.stderr


def test_demo_seeds_the_database_named_by_url(tmp_path: Path) -> None:
    """--demo with --database-url seeds that database, and `users add` on the same URL adds to it."""
    from services import demo

    url = f'sqlite:///{tmp_path / "x.db"}'
    from services import bootstrap

    bootstrap.prepare_database(url)
    accounts = demo.seed_if_empty()
    again = demo.seed_if_empty()
    assert accounts == again and {a[0] for a in accounts} >= {'admin', 'ana', 'ben'}
    result = run('--database-url', url, 'users', 'add', 'zoe', data_dir=tmp_path, stdin='long-enough\n')
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(tmp_path / 'x.db')
    assert con.execute('select count(*) from user where username="zoe"').fetchone()[0] == 1
    leads = con.execute('select count(*) from lead').fetchone()[0]
    contacts = con.execute('select count(*) from contact').fetchone()[0]
    clients = con.execute('select count(*) from client').fetchone()[0]
    assert 180 <= leads <= 220 and 280 <= contacts <= 320 and 25 <= clients <= 35
    stages = {
        k for (k,) in con.execute('select distinct s.key from lead l join stage s on s.id = l.stage_id')
    }
    assert stages == {'NOT_CONTACTED', 'CONTACTED', 'QUALIFIED', 'CONVERTED', 'LOST'}
    live_claims = con.execute(
        'select count(*) from lead where claimed_by_id is not null and owner_id is null'
    ).fetchone()[0]
    assert live_claims > 0
