import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, field_validator
from sqlmodel import Field, SQLModel

from models.base import utcnow

PERMISSIONS = ('create_leads', 'manage_leads', 'view_all_leads', 'admin')
MIN_PASSWORD_LENGTH = 8
USERNAME_PATTERN = re.compile(r'[A-Za-z0-9._@-]{1,64}')


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=120)
    password_hash: str
    active: bool = True
    can_create_leads: bool = False
    can_manage_leads: bool = False
    can_view_all_leads: bool = False
    is_admin: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    username: str
    display_name: str
    active: bool
    can_create_leads: bool
    can_manage_leads: bool
    can_view_all_leads: bool
    is_admin: bool

    @property
    def permissions(self) -> frozenset[str]:
        flags = (self.can_create_leads, self.can_manage_leads, self.can_view_all_leads, self.is_admin)
        return frozenset(p for p, on in zip(PERMISSIONS, flags, strict=True) if on)

    @property
    def initials(self) -> str:
        parts = self.display_name.split() or [self.username]
        return ''.join(p[0] for p in parts[:2]).upper()


class UserCreate(BaseModel):
    username: str
    display_name: str = ''
    password: str
    permissions: frozenset[str] = frozenset()

    @field_validator('username')
    @classmethod
    def _username(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError('Please enter a username.')
        if not USERNAME_PATTERN.fullmatch(value):
            raise ValueError('A username may use letters, digits, dots, dashes and underscores (up to 64).')
        return value

    @field_validator('display_name')
    @classmethod
    def _display_name(cls, value: str) -> str:
        return value.strip()[:120]

    @field_validator('password')
    @classmethod
    def _password(cls, value: str) -> str:
        return check_password(value)

    @field_validator('permissions')
    @classmethod
    def _permissions(cls, value: frozenset[str]) -> frozenset[str]:
        unknown = set(value) - set(PERMISSIONS)
        if unknown:
            raise ValueError(
                f'Unknown permission {sorted(unknown)[0]!r}: choose from {", ".join(PERMISSIONS)}.'
            )
        return value


def check_password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ValueError(f'The password must be at least {MIN_PASSWORD_LENGTH} characters long.')
    if len(value) > 256:
        raise ValueError('The password must be at most 256 characters long.')
    return value
