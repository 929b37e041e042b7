from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from models.base import utcnow


class AppSetting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)
    value: Any = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow)


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins, kept briefly so repeated guesses for one username are slowed down."""

    __table_args__ = (Index('ix_loginfailure_username_at', 'username', 'at'),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)
