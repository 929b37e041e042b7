from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlmodel import Field, SQLModel

from models.base import utcnow


class StageKind(StrEnum):
    OPEN = 'open'
    WON = 'won'
    LOST = 'lost'


class Stage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Stable identifier used by imports, exports and URLs; a rename never changes it.
    key: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=64)
    color: str = Field(max_length=16, default='#64748b')
    position: int = Field(default=0, index=True)
    kind: str = Field(default=StageKind.OPEN, max_length=8)
    is_system: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class StageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    key: str
    name: str
    color: str
    position: int
    kind: StageKind
    is_system: bool
