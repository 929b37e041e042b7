"""A possible or exact duplicate found by an import's duplicate check."""

from dataclasses import dataclass


@dataclass
class Flag:
    row: int  # position in the accepted rows
    reason: str
    score: float
    contact_id: int | None = None  # an existing contact …
    other_row: int | None = None  # … or another row of this file
