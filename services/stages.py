"""Pipeline stages: the five defaults (three protected system stages) and reading them in order."""

from sqlmodel import Session, col, select

from models import Stage, StageKind, StageRead
from services import db

# key, name, color, kind, is_system — keys match the seed statuses, and imports and exports use them
DEFAULT_STAGES = (
    ('NOT_CONTACTED', 'New', '#3b82f6', StageKind.OPEN, True),
    ('CONTACTED', 'Contacted', '#8b5cf6', StageKind.OPEN, False),
    ('QUALIFIED', 'Qualified', '#f59e0b', StageKind.OPEN, False),
    ('CONVERTED', 'Converted', '#10b981', StageKind.WON, True),
    ('LOST', 'Lost', '#6b7280', StageKind.LOST, True),
)
NEW_KEY = 'NOT_CONTACTED'


def ensure_defaults(s: Session) -> None:
    if s.exec(select(Stage.id).limit(1)).first() is not None:
        return
    for position, (key, name, color, kind, system) in enumerate(DEFAULT_STAGES):
        s.add(Stage(key=key, name=name, color=color, kind=kind, is_system=system, position=position))


def list_stages() -> list[StageRead]:
    with db.session() as s:
        return [StageRead.model_validate(st) for st in s.exec(_ordered())]


def _ordered():
    return select(Stage).order_by(col(Stage.position), col(Stage.id))


def by_key(s: Session, key: str) -> Stage | None:
    return s.exec(select(Stage).where(Stage.key == key)).first()


def new_stage(s: Session) -> Stage:
    """Where new leads land: the system stage New (NOT_CONTACTED)."""
    stage = by_key(s, NEW_KEY)
    if stage is None:
        raise RuntimeError('the system stage NOT_CONTACTED is missing')
    return stage


def system_stage_message(name: str) -> str:
    return f"System stage '{name}' can't be deleted — rename or recolor it instead."
