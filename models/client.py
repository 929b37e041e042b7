from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, ForeignKey
from sqlmodel import Field, SQLModel

from models.base import utcnow


class Client(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    company: str = Field(default='', max_length=200)
    email: str = Field(default='', max_length=254)
    phone: str = Field(default='', max_length=64)
    city: str = Field(default='', max_length=100)
    state: str = Field(default='', max_length=100)
    country: str = Field(default='', max_length=100)
    region: str = Field(default='', max_length=16, index=True)
    notes: str = ''
    primary_contact_id: int | None = Field(default=None, foreign_key='contact.id', index=True)
    # the lead it was won from; the lead also points back through lead.client_id
    source_lead_id: int | None = Field(
        default=None, sa_column=Column(ForeignKey('lead.id', use_alter=True, name='fk_client_source_lead'))
    )
    created_by_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class ClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    company: str
    email: str
    phone: str
    city: str
    state: str
    country: str
    region: str
    notes: str
    primary_contact_id: int | None
    source_lead_id: int | None
    created_at: datetime
    updated_at: datetime
    version: int


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int | None = Field(default=None, foreign_key='client.id', index=True, ondelete='CASCADE')
    lead_id: int | None = Field(default=None, foreign_key='lead.id', index=True, ondelete='CASCADE')
    filename: str = Field(max_length=255)
    stored_name: str = Field(max_length=255)
    content_type: str = Field(default='application/octet-stream', max_length=128)
    size: int = 0
    uploaded_by_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    client_id: int | None
    lead_id: int | None
    filename: str
    content_type: str
    size: int
    created_at: datetime


class Meeting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int | None = Field(default=None, foreign_key='client.id', index=True, ondelete='CASCADE')
    lead_id: int | None = Field(default=None, foreign_key='lead.id', index=True, ondelete='CASCADE')
    title: str = Field(max_length=200)
    starts_at: datetime
    attendees: str = ''
    notes: str = ''
    created_by_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)


class MeetingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    client_id: int | None
    lead_id: int | None
    title: str
    starts_at: datetime
    attendees: str
    notes: str
    created_at: datetime
