"""Shared fixtures: a fresh, migrated database per test (copied from one migrated template), users, and
the ordering that keeps the sync Playwright tests after every async one."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import UserRead
from services import bootstrap, db, users

ALL_PERMISSIONS = {'create_leads', 'manage_leads', 'view_all_leads', 'admin'}
PASSWORD = 'correct-horse-1'


@pytest.fixture(scope='session')
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp('template') / 'leadboard.db'
    bootstrap.prepare_database(f'sqlite:///{path}')
    db.dispose()
    return path


@pytest.fixture(autouse=True)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """Every test but the browser ones gets its own database; main.py (run by the `user` fixture) finds it
    through the same LEADBOARD_* variables a real start would use."""
    if 'e2e' in request.node.path.parts:
        yield tmp_path
        return
    template = request.getfixturevalue('template_db')
    data_dir = tmp_path / 'data'
    data_dir.mkdir()
    target = data_dir / 'leadboard.db'
    shutil.copyfile(template, target)
    url = f'sqlite:///{target}'
    saved = {k: os.environ.get(k) for k in ('LEADBOARD_DATA_DIR', 'LEADBOARD_DATABASE_URL', 'LEADBOARD_DEMO')}
    os.environ['LEADBOARD_DATA_DIR'] = str(data_dir)
    os.environ['LEADBOARD_DATABASE_URL'] = url
    os.environ.pop('LEADBOARD_DEMO', None)
    db.configure(url)
    yield data_dir
    db.dispose()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def make_user():
    """make_user('ana', {'create_leads'}) -> UserRead (password: PASSWORD)."""

    def make(
        username: str, permissions: set[str] | frozenset[str] = frozenset(), display_name: str = ''
    ) -> UserRead:
        return users.create_user(
            actor=None,
            username=username,
            password=PASSWORD,
            display_name=display_name or username.capitalize(),
            permissions=set(permissions),
        )

    return make


@pytest.fixture
def admin(make_user) -> UserRead:
    return make_user('admin', ALL_PERMISSIONS, 'Ada Admin')


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # a sync Playwright session breaks every async test after it in the same process: browsers go last
    items.sort(key=lambda item: 'e2e' in item.path.parts)
