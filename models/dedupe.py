from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from models.base import utcnow


class DuplicateFlag(SQLModel, table=True):
    """A pair of contacts that may be one person: flagged by an import or a scan, or dismissed for good."""

    __table_args__ = (Index('ix_duplicateflag_pair', 'contact_id', 'other_contact_id', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    # always stored with contact_id < other_contact_id so a pair has one row
    contact_id: int = Field(foreign_key='contact.id', ondelete='CASCADE')
    other_contact_id: int = Field(foreign_key='contact.id', index=True, ondelete='CASCADE')
    reason: str = ''
    score: float = 0.0
    status: str = Field(default='open', max_length=16, index=True)  # open, dismissed, merged
    import_batch_id: int | None = Field(default=None, foreign_key='importbatch.id', index=True)
    created_at: datetime = Field(default_factory=utcnow)


class MergeRecord(SQLModel, table=True):
    """A merge of two contacts with the snapshot that lets it be undone exactly."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = Field(foreign_key='contact.id', index=True)
    merged_contact_id: int  # the removed contact's id, restored by undo
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actor_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None
