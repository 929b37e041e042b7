"""contact name sort index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The contacts table sorts by last then first name, case-insensitively. An index on exactly that expression
lets a page of 50 be read in index order (stopping after 50 matches) instead of sorting every contact.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        'ix_contact_name_sort',
        'contact',
        [sa.text('lower(last_name)'), sa.text('lower(first_name)'), 'id'],
    )


def downgrade() -> None:
    op.drop_index('ix_contact_name_sort', table_name='contact')
