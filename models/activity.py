from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from models.base import utcnow


class ActivityKind(StrEnum):
    NOTE = 'note'
    CALL = 'call'
    STAGE_CHANGE = 'stage_change'
    CLAIM = 'claim'
    RELEASE = 'release'
    CLAIM_EXPIRED = 'claim_expired'
    OWNERSHIP = 'ownership'
    ASSIGNMENT = 'assignment'
    CREATE = 'create'
    EDIT = 'edit'
    IMPORT = 'import'
    MERGE = 'merge'
    CONVERSION = 'conversion'
    SCHEDULE = 'schedule'
    TAGS = 'tags'
    DOCUMENT = 'document'
    MEETING = 'meeting'


class Activity(SQLModel, table=True):
    __table_args__ = (
        Index('ix_activity_contact_created', 'contact_id', 'created_at'),
        Index('ix_activity_lead_created', 'lead_id', 'created_at'),
        Index('ix_activity_client_created', 'client_id', 'created_at'),
        Index('ix_activity_kind_created', 'kind', 'created_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    contact_id: int | None = Field(default=None, foreign_key='contact.id', ondelete='CASCADE')
    lead_id: int | None = Field(default=None, foreign_key='lead.id', ondelete='CASCADE')
    client_id: int | None = Field(default=None, foreign_key='client.id', ondelete='CASCADE')
    actor_id: int | None = Field(default=None, foreign_key='user.id')
    # a one-line human summary ("Stage: New → Contacted"); details (call outcome, field diffs) in data
    summary: str = ''
    body: str = ''
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ActivityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    kind: ActivityKind
    contact_id: int | None
    lead_id: int | None
    client_id: int | None
    actor_id: int | None
    summary: str
    body: str
    data: dict[str, Any]
    created_at: datetime
