"""One Settings object: command-line flags and LEADBOARD_* environment variables."""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix='LEADBOARD_', extra='ignore')

    host: str = '127.0.0.1'
    port: int = Field(default=8080, ge=1, le=65535)
    data_dir: Path = Path('data')
    database_url: str = ''
    demo: bool = False

    @field_validator('data_dir')
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        name = 'demo.db' if self.demo else 'leadboard.db'
        return f'sqlite:///{self.data_dir / name}'

    @property
    def secret_path(self) -> Path:
        return self.data_dir / 'session-secret'

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / 'documents'

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / 'backups'
