"""search: word starts and a covering lead index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Two-character search terms match the start of a word (" an" is a trigram the index holds), so every
search text now begins with a space like every later word does. A search finds contacts and then needs
each match's lead, stage and call time: the lead index on contact_id grows those two columns so the board
reads them from the index alone.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("UPDATE contact_search SET body = ' ' || body WHERE substr(body, 1, 1) <> ' '")
        # rewriting every row leaves the index in many small segments: merge them back into one
        op.execute("INSERT INTO contact_search(contact_search) VALUES ('optimize')")
    op.drop_index('ix_lead_contact_id', table_name='lead')
    op.create_index('ix_lead_contact_stage_call', 'lead', ['contact_id', 'stage_id', 'next_call_at'])


def downgrade() -> None:
    op.drop_index('ix_lead_contact_stage_call', table_name='lead')
    op.create_index('ix_lead_contact_id', 'lead', ['contact_id'])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("UPDATE contact_search SET body = ltrim(body, ' ')")
