from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import Field, SQLModel

from models.base import utcnow


class Tag(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    # lower-cased name: uniqueness is case-insensitive on every database
    name_norm: str = Field(max_length=64, unique=True, index=True)
    color: str = Field(max_length=16, default='#6366f1')
    created_at: datetime = Field(default_factory=utcnow)


class ContactTag(SQLModel, table=True):
    contact_id: int = Field(foreign_key='contact.id', primary_key=True, ondelete='CASCADE')
    tag_id: int = Field(foreign_key='tag.id', primary_key=True, index=True, ondelete='CASCADE')


class TagRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    color: str
