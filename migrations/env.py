"""Alembic environment: the URL comes from services.db (the app) or LEADBOARD_DATABASE_URL (the alembic CLI)."""

from alembic import context
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from services import db
from services.config import Settings

config = context.config
target_metadata = SQLModel.metadata


def _engine():
    connection = config.attributes.get('connection')
    if connection is not None:
        return connection
    return db.configure(Settings().effective_database_url)


def run_migrations_online() -> None:
    connectable = _engine()
    if hasattr(connectable, 'connect'):
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == 'sqlite',
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


def _include(obj, name, type_, reflected, compare_to) -> bool:
    # the full-text search tables are created by hand in the migration, not described by the models
    return not (type_ == 'table' and name and name.startswith('contact_search'))


run_migrations_online()
