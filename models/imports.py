from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.base import utcnow


class ImportBatch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    filename: str = Field(max_length=255)
    created_by_id: int | None = Field(default=None, foreign_key='user.id')
    created_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default='running', max_length=16)  # running, done, undone
    on_duplicate: str = Field(default='merge', max_length=8)
    rows: int = 0
    created: int = 0
    merged: int = 0
    skipped: int = 0
    flagged: int = 0
    rejected: int = 0
    mapping: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # what undo needs: the prior values of fields a merge filled, per contact, with the version it left
    undo: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    undone_at: datetime | None = None


class ImportBatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    filename: str
    created_by_id: int | None
    created_at: datetime
    status: str
    on_duplicate: str
    rows: int
    created: int
    merged: int
    skipped: int
    flagged: int
    rejected: int
    undone_at: datetime | None


class ImportMapping(SQLModel, table=True):
    """A column mapping remembered for the next file with the same header signature."""

    signature: str = Field(primary_key=True, max_length=64)
    mapping: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
