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


def test_upgrading_to_0003_gives_stored_search_texts_their_leading_space(tmp_path) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from services import migrate

    engine = create_engine(f'sqlite:///{tmp_path / "old.db"}')
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes['connection'] = connection
        command.upgrade(cfg, '0002')
        connection.execute(
            text("INSERT INTO contact_search(rowid, body) VALUES (7, 'ana lima | ana@x.example')")
        )
    with engine.begin() as connection:
        cfg.attributes['connection'] = connection
        command.upgrade(cfg, 'head')
    with engine.connect() as connection:
        assert (
            connection.execute(text('SELECT body FROM contact_search')).scalar()
            == ' ana lima | ana@x.example'
        )
        hits = connection.execute(
            text("""SELECT rowid FROM contact_search WHERE contact_search MATCH '" li"'""")
        )
        assert hits.scalars().all() == [7]  # "li" starts a word
        indexes = {row[1] for row in connection.execute(text("PRAGMA index_list('lead')"))}
    assert 'ix_lead_contact_stage_call' in indexes and 'ix_lead_contact_id' not in indexes
    engine.dispose()


def test_owner_claim_and_client_lead_indexes_hold_only_leads_that_have_one() -> None:
    from sqlalchemy import text

    lookups = {
        'ix_lead_owner_next_call': (
            'owner_id',
            'SELECT id FROM lead WHERE owner_id = 3 ORDER BY next_call_at',
        ),
        'ix_lead_claim_expires': (
            'claim_expires_at',
            'SELECT id FROM lead WHERE claimed_by_id IS NOT NULL AND claim_expires_at <= 5',
        ),
        'ix_lead_client_id': ('client_id', 'SELECT id FROM lead WHERE client_id = 9'),
    }
    with db.engine().connect() as connection:
        created = dict(
            connection.execute(text("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'lead'")).all()
        )
        for index, (column, query) in lookups.items():
            assert created[index].endswith(f'WHERE {column} IS NOT NULL'), created[index]
            # every lookup compares the column with a value, which lets the planner use the partial index
            plan = ' '.join(row[-1] for row in connection.execute(text(f'EXPLAIN QUERY PLAN {query}')))
            assert index in plan, plan
