from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic import Field as PydanticField
from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.text import clean, require_reachable, required_name, valid_email, valid_phone


def _where_set(name: str, column: str, *more: str) -> Index:
    """A partial index over the rows where `column` is set (any comparison with it implies that)."""
    where = text(f'{column} IS NOT NULL')
    return Index(name, column, *more, sqlite_where=where, postgresql_where=where)


class Lead(SQLModel, table=True):
    __table_args__ = (
        # board columns and the call list read leads of a stage in call order
        Index('ix_lead_stage_next_call', 'stage_id', 'next_call_at', 'id'),
        # three lookups by a value most leads lack (owner, claim, client): the indexes hold only the leads
        # that have one, so creating or importing a pool lead doesn't touch them
        _where_set('ix_lead_owner_next_call', 'owner_id', 'next_call_at'),
        _where_set('ix_lead_claim_expires', 'claim_expires_at'),
        _where_set('ix_lead_client_id', 'client_id'),
        # a search finds contacts; this reads each match's lead, stage and call time from the index alone
        Index('ix_lead_contact_stage_call', 'contact_id', 'stage_id', 'next_call_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key='contact.id', ondelete='CASCADE')
    stage_id: int = Field(foreign_key='stage.id')
    owner_id: int | None = Field(default=None, foreign_key='user.id')
    claimed_by_id: int | None = Field(default=None, foreign_key='user.id')
    claimed_at: datetime | None = None
    claim_expires_at: datetime | None = None
    next_call_at: datetime | None = None
    source: str = Field(default='', max_length=64)
    product_type: str = Field(default='', max_length=64)
    client_id: int | None = Field(default=None, foreign_key='client.id')
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


class LeadCreate(BaseModel):
    """The New lead form (and the import's per-row shape): a person plus what the pipeline needs."""

    name: str
    email: str = ''
    phone: str = ''
    company: str = ''
    job_title: str = ''
    source: str = ''
    notes: str = ''
    city: str = ''
    state: str = ''
    country: str = ''
    region: str = ''
    product_type: str = ''
    client_id: int | None = None
    owner_id: int | None = None
    tag_ids: list[int] = PydanticField(default_factory=list)
    next_call_at: datetime | None = None
    value: Decimal | None = None

    @field_validator(
        'name',
        'email',
        'phone',
        'company',
        'job_title',
        'source',
        'notes',
        'city',
        'state',
        'country',
        'region',
        'product_type',
        mode='before',
    )
    @classmethod
    def _strip(cls, value: object) -> str:
        return clean(value)

    _name = field_validator('name')(required_name)
    _email = field_validator('email')(valid_email)
    _phone = field_validator('phone')(valid_phone)

    @model_validator(mode='after')
    def _reachable(self) -> 'LeadCreate':
        require_reachable(self.email, self.phone)
        return self
