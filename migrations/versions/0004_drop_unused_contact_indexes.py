"""drop two contact indexes no query uses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Every index is paid for by every insert, and an import inserts a hundred thousand contacts at a time.
(last_name, first_name) was superseded by the case-insensitive name-sort index of 0002, which is what the
contacts table orders by; region holds two or three values ("US", "CA"), so a lookup by it reads a third
of the table either way and the planner does better scanning.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_contact_last_name_first_name', table_name='contact')
    op.drop_index('ix_contact_region', table_name='contact')


def downgrade() -> None:
    op.create_index('ix_contact_region', 'contact', ['region'])
    op.create_index('ix_contact_last_name_first_name', 'contact', ['last_name', 'first_name'])
