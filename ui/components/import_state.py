"""The import wizard's state: a plain dict kept in the tab's storage, so every step survives a reload."""

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from nicegui import app

STEPS = ('Upload', 'Columns', 'Values', 'Preview', 'Import', 'Summary')
_KEY = 'import_wizard'


@dataclass
class WizardState:
    step: str = 'Upload'
    token: str = ''
    filename: str = ''
    size: int = 0
    sheet: str = ''
    mapping: dict[str, str | None] = field(default_factory=dict)
    status_map: dict[str, str | None] = field(default_factory=dict)
    source_map: dict[str, str | None] = field(default_factory=dict)
    policy: str = 'merge'
    running: bool = False
    report: dict[str, Any] = field(default_factory=dict)
    undo: dict[str, Any] = field(default_factory=dict)
    _storage: Any = field(default=None, repr=False, compare=False, metadata={'transient': True})

    @classmethod
    def load(cls, storage: dict | None = None) -> 'WizardState':
        """`storage`: the tab's storage, taken while the page's context is alive (after an await inside a
        click handler whose button was re-rendered, `app.storage.tab` has no context to find it)."""
        storage = app.storage.tab if storage is None else storage
        data = storage.get(_KEY) or {}
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        state = cls(**known)
        state._storage = storage
        return state

    def save(self) -> None:
        storage, self._storage = self._storage, None
        try:
            data = {k: v for k, v in asdict(self).items() if k != '_storage'}
        finally:
            self._storage = storage
        storage[_KEY] = data

    def reset(self) -> None:
        storage = self._storage
        self.__init__()  # type: ignore[misc]
        self._storage = storage
        self.save()


def human_size(size: int) -> str:
    for unit in ('bytes', 'KB', 'MB', 'GB'):
        if size < 1024 or unit == 'GB':
            return f'{size:,.0f} {unit}' if unit == 'bytes' else f'{size:,.1f} {unit}'
        size /= 1024
    return f'{size} bytes'


def slug(text: str) -> str:
    """A test id fragment for user text (headers, values): letters, digits and dashes only."""
    return re.sub(r'[^A-Za-z0-9_-]+', '-', text).strip('-') or 'blank'
