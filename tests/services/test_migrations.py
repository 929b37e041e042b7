from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401
from services import db


def test_models_and_migrations_agree() -> None:
    with db.engine().connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                'include_object': lambda obj, name, type_, *_: (
                    not (type_ == 'table' and name.startswith('contact_search'))
                )
            },
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_new_database_has_the_default_stages() -> None:
    from services import stages

    listed = stages.list_stages()
    assert [(s.key, s.name, s.kind, s.is_system) for s in listed] == [
        ('NOT_CONTACTED', 'New', 'open', True),
        ('CONTACTED', 'Contacted', 'open', False),
        ('QUALIFIED', 'Qualified', 'open', False),
        ('CONVERTED', 'Converted', 'won', True),
        ('LOST', 'Lost', 'lost', True),
    ]
    assert all(s.color.startswith('#') for s in listed)
