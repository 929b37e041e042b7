"""The state an import's write step carries: connection, batch, clock, progress and cancellation."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

Progress = Callable[[int, int], None]


class ImportCancelled(Exception):
    """Raised between chunks when the user cancels: the caller rolls the transaction back."""


@dataclass
class Written:
    contact_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)
    lead_ids: list[int] = field(default_factory=list)
    stage_ids: set[int] = field(default_factory=set)
    undo: dict[str, Any] = field(default_factory=dict)


@dataclass
class WriteContext:
    conn: Connection
    batch_id: int
    actor_id: int | None
    filename: str
    now: datetime
    stages: dict[str, tuple[int, str]]  # stage key → (id, kind)
    progress: Progress | None = None
    cancel: threading.Event | None = None
    done: int = 0
    total: int = 1

    def step(self, rows: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ImportCancelled('The import was cancelled: nothing was changed.')
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)
