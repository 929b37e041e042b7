"""Bring the configured database to the newest schema with Alembic (run at every start)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from services import db

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / 'migrations'


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option('script_location', str(MIGRATIONS_DIR))
    return cfg


def upgrade() -> None:
    cfg = alembic_config()
    with db.engine().begin() as connection:
        cfg.attributes['connection'] = connection
        command.upgrade(cfg, 'head')
