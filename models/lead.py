from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import utcnow


class Lead(SQLModel, table=True):
    __table_args__ = (
        # board columns and the call list read leads of a stage in call order
        Index('ix_lead_stage_next_call', 'stage_id', 'next_call_at', 'id'),
        Index('ix_lead_owner_next_call', 'owner_id', 'next_call_at'),
        Index('ix_lead_claim_expires', 'claim_expires_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key='contact.id', index=True, ondelete='CASCADE')
    stage_id: int = Field(foreign_key='stage.id')
    owner_id: int | None = Field(default=None, foreign_key='user.id')
    claimed_by_id: int | None = Field(default=None, foreign_key='user.id')
    claimed_at: datetime | None = None
    claim_expires_at: datetime | None = None
    next_call_at: datetime | None = None
    source: str = Field(default='', max_length=64)
    product_type: str = Field(default='', max_length=64)
    client_id: int | None = Field(default=None, foreign_key='client.id', index=True)
    value: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    lost_reason: str = ''
    import_batch_id: int | None = Field(default=None, foreign_key='importbatch.id', index=True)
    created_by_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key='user.id')
    stage_changed_at: datetime = Field(default_factory=utcnow)
    converted_at: datetime | None = None
    version: int = 1


class LeadRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    contact_id: int
    stage_id: int
    owner_id: int | None
    claimed_by_id: int | None
    claimed_at: datetime | None
    claim_expires_at: datetime | None
    next_call_at: datetime | None
    source: str
    product_type: str
    client_id: int | None
    value: Decimal | None
    lost_reason: str
    created_at: datetime
    updated_at: datetime
    stage_changed_at: datetime
    converted_at: datetime | None
    version: int
