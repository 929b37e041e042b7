from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.base import utcnow


class ContactGroup(SQLModel, table=True):
    """A hand-picked list of contacts ("Group" in the product)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    name_norm: str = Field(max_length=100, unique=True)
    created_by_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)


class ContactGroupMember(SQLModel, table=True):
    group_id: int = Field(foreign_key='contactgroup.id', primary_key=True, ondelete='CASCADE')
    contact_id: int = Field(foreign_key='contact.id', primary_key=True, index=True, ondelete='CASCADE')
    added_at: datetime = Field(default_factory=utcnow)


class Segment(SQLModel, table=True):
    """A saved filter of the contacts table, personal or shared with the team."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    owner_id: int = Field(foreign_key='user.id', index=True)
    shared: bool = False
    query: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SegmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    owner_id: int
    shared: bool
    query: dict[str, Any]
