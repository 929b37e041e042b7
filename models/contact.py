from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column, Index, func, text
from sqlmodel import Field, SQLModel

from models.base import utcnow


class Contact(SQLModel, table=True):
    __table_args__ = (
        Index('ix_contact_email_norm', 'email_norm'),
        Index('ix_contact_phone_e164', 'phone_e164'),
        Index('ix_contact_created_at', 'created_at'),
        # the contacts table's default order (case-insensitive last, first name): see migration 0002
        Index('ix_contact_name_sort', func.lower(text('last_name')), func.lower(text('first_name')), 'id'),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    first_name: str = Field(default='', max_length=100)
    last_name: str = Field(default='', max_length=100)
    email: str = Field(default='', max_length=254)
    email_norm: str | None = Field(default=None, max_length=254)
    phone: str = Field(default='', max_length=64)
    phone_e164: str | None = Field(default=None, max_length=20)
    secondary_emails: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secondary_phones: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    company: str = Field(default='', max_length=200)
    job_title: str = Field(default='', max_length=200)
    city: str = Field(default='', max_length=100)
    state: str = Field(default='', max_length=100)
    country: str = Field(default='', max_length=100)
    region: str = Field(default='', max_length=16)
    source: str = Field(default='', max_length=64)
    notes: str = ''
    last_contacted_at: datetime | None = None
    import_batch_id: int | None = Field(default=None, foreign_key='importbatch.id', index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key='user.id')
    # optimistic concurrency: every write bumps it; a save carrying an older version is refused
    version: int = 1


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    first_name: str
    last_name: str
    email: str
    phone: str
    phone_e164: str | None
    secondary_emails: list[str]
    secondary_phones: list[str]
    company: str
    job_title: str
    city: str
    state: str
    country: str
    region: str
    source: str
    notes: str
    last_contacted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
