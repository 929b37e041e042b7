"""Pipeline stages: the five defaults (three protected system stages), reading them in order, and the
admin's changes — add, rename, recolor, reorder, delete with its leads moved.

Every stage has a stable `key` (the seed statuses for the defaults, a slug of the first name for new
ones): imports and exports use it, and renames never change it."""

import re

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, insert, update
from sqlmodel import Session, col, select
from unidecode import unidecode

from models import Activity, ActivityKind, Contact, Lead, Stage, StageKind, StageRead, UserRead
from services import access, clock, db, events, labels
from services.errors import Conflict, Invalid, NotFound

# key, name, color, kind, is_system — keys match the seed statuses, and imports and exports use them
DEFAULT_STAGES = (
    ('NOT_CONTACTED', 'New', '#3b82f6', StageKind.OPEN, True),
    ('CONTACTED', 'Contacted', '#8b5cf6', StageKind.OPEN, False),
    ('QUALIFIED', 'Qualified', '#f59e0b', StageKind.OPEN, False),
    ('CONVERTED', 'Converted', '#10b981', StageKind.WON, True),
    ('LOST', 'Lost', '#6b7280', StageKind.LOST, True),
)
NEW_KEY = 'NOT_CONTACTED'
MAX_NAME = 64
_KEY_LENGTH = 60


class StageSummary(StageRead):
    """A stage with how many leads are in it (within a region when the page is region-scoped)."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    lead_count: int


class StageDeleted(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    moved: int
    moved_to: str | None


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


def pipeline_overview(*, actor: UserRead, region: str | None = None) -> list[StageSummary]:
    """Settings → Pipeline: the stages in order with their lead counts."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        counts = _lead_counts(s, region)
        return [
            StageSummary(**StageRead.model_validate(st).model_dump(), lead_count=counts.get(st.id, 0))
            for st in s.exec(_ordered())
        ]


def lead_counts(*, actor: UserRead, region: str | None = None) -> dict[int, int]:
    """Leads per stage id (stages without leads are absent)."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        return _lead_counts(s, region)


def add_stage(*, actor: UserRead, name: str, color: str | None = None) -> StageRead:
    """A new open stage, placed after the last open stage (before Converted and Lost)."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        clean = _name(name)
        stages = list(s.exec(_ordered()))
        _ensure_free(stages, clean)
        chosen = labels.parse_color(color) if color else labels.next_color([st.color for st in stages])
        stage = Stage(
            key=_unique_key(clean, {st.key for st in stages}),
            name=clean,
            color=chosen,
            kind=StageKind.OPEN,
            is_system=False,
        )
        open_positions = [i for i, st in enumerate(stages) if st.kind == StageKind.OPEN]
        stages.insert(open_positions[-1] + 1 if open_positions else len(stages), stage)
        s.add(stage)
        _renumber(s, stages)
        s.commit()
        result = StageRead.model_validate(stage)
    events.publish(events.StagesChanged('added', actor.id, frozenset({result.id})))
    return result


def rename_stage(*, actor: UserRead, stage_id: int, name: str) -> StageRead:
    with db.session() as s:
        access.require(s, actor, 'admin')
        stage = _get(s, stage_id)
        clean = _name(name)
        if clean == stage.name:
            return StageRead.model_validate(stage)
        _ensure_free([st for st in s.exec(_ordered()) if st.id != stage.id], clean)
        stage.name = clean
        stage.updated_at = clock.now()
        s.add(stage)
        s.commit()
        result = StageRead.model_validate(stage)
    events.publish(events.StagesChanged('renamed', actor.id, frozenset({stage_id})))
    return result


def recolor_stage(*, actor: UserRead, stage_id: int, color: str) -> StageRead:
    with db.session() as s:
        access.require(s, actor, 'admin')
        stage = _get(s, stage_id)
        stage.color = labels.parse_color(color)
        stage.updated_at = clock.now()
        s.add(stage)
        s.commit()
        result = StageRead.model_validate(stage)
    events.publish(events.StagesChanged('recolored', actor.id, frozenset({stage_id})))
    return result


def move_stage(*, actor: UserRead, stage_id: int, index: int) -> list[StageRead]:
    """Put one stage at `index` (0-based, clamped) of the pipeline; the others keep their relative order.

    Moving one stage rather than saving a whole order means a page that missed another admin's change
    can't undo it."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        stage = _get(s, stage_id)
        stages = [st for st in s.exec(_ordered()) if st.id != stage.id]
        stages.insert(max(0, min(index, len(stages))), stage)
        _renumber(s, stages)
        s.commit()
        result = [StageRead.model_validate(st) for st in stages]
    events.publish(events.StagesChanged('reordered', actor.id, frozenset({stage_id})))
    return result


def delete_stage(*, actor: UserRead, stage_id: int, move_to_id: int | None = None) -> StageDeleted:
    """Delete a custom stage; its leads move to `move_to_id` first, in the same transaction, each with a
    stage-change activity. System stages are refused."""
    with db.session() as s:
        user = access.require(s, actor, 'admin')
        stage = _get(s, stage_id)
        if stage.is_system:
            raise Conflict(system_stage_message(stage.name))
        # a write first: on SQLite it takes the lock, so no lead can enter the stage while we empty it
        stage.updated_at = clock.now()
        s.add(stage)
        s.flush()
        count = _lead_counts(s, None).get(stage.id, 0)
        target = _move_target(s, stage, move_to_id, count)
        moved: list[tuple[int, int]] = []
        if count:
            now = clock.now()
            moved = [
                (row[0], row[1])
                for row in s.execute(
                    update(Lead)
                    .where(col(Lead.stage_id) == stage.id)
                    .values(
                        stage_id=target.id,
                        stage_changed_at=now,
                        updated_at=now,
                        updated_by_id=user.id,
                        version=col(Lead.version) + 1,
                        lost_reason='',
                        converted_at=None,
                    )
                    .returning(col(Lead.id), col(Lead.contact_id))
                )
            ]
            summary = f"Stage: {stage.name} → {target.name} (stage '{stage.name}' was deleted)"
            data = {'from': stage.id, 'to': target.id, 'reason': 'stage_deleted'}
            s.execute(
                # Core insert: the ORM bulk path costs more than the write itself at thousands of rows
                insert(Activity.__table__),
                [
                    {
                        'kind': ActivityKind.STAGE_CHANGE,
                        'actor_id': user.id,
                        'contact_id': contact_id,
                        'lead_id': lead_id,
                        'summary': summary,
                        'body': '',
                        'data': data,
                        'created_at': now,
                    }
                    for lead_id, contact_id in moved
                ],
            )
        s.delete(stage)
        s.flush()
        _renumber(s, list(s.exec(_ordered())))
        s.commit()
        result = StageDeleted(name=stage.name, moved=len(moved), moved_to=target.name if target else None)
    touched = frozenset({stage_id} | ({target.id} if target else set()))
    if moved:
        events.publish(events.LeadsChanged(frozenset(m[0] for m in moved), 'moved', touched, actor.id))
    events.publish(events.StagesChanged('deleted', actor.id, touched))
    return result


def _move_target(s: Session, stage: Stage, move_to_id: int | None, count: int) -> Stage | None:
    if move_to_id is None:
        if count:
            leads = '1 lead' if count == 1 else f'{count} leads'
            raise Invalid(f"Choose where the {leads} in '{stage.name}' go before deleting it.")
        return None
    if move_to_id == stage.id:
        raise Invalid(f"Choose another stage than '{stage.name}' for its leads.")
    target = s.get(Stage, move_to_id)
    if target is None:
        raise NotFound('The stage chosen for the leads no longer exists — pick another.')
    if target.kind == StageKind.WON:
        # converting makes a client per lead; that is the convert dialog's job, not a bulk move's
        raise Invalid(
            f"Leads can't be moved to '{target.name}' in bulk — converting needs a client for each. Pick another stage."
        )
    return target


def _name(value: str) -> str:
    return labels.clean_name(value, what='stage', limit=MAX_NAME)


def _ensure_free(others: list[Stage], name: str) -> None:
    # compared in Python: SQLite's lower() only folds ASCII
    for st in others:
        if st.name.casefold() == name.casefold():
            raise Conflict(f'A stage named {st.name!r} already exists — stage names must be unique.')


def _unique_key(name: str, taken: set[str]) -> str:
    base = re.sub(r'[^A-Z0-9]+', '_', unidecode(name).upper()).strip('_')[:_KEY_LENGTH] or 'STAGE'
    key, n = base, 2
    while key in taken:
        key, n = f'{base}_{n}', n + 1
    return key


def _renumber(s: Session, stages: list[Stage]) -> None:
    for position, st in enumerate(stages):
        if st.position != position:
            st.position = position
            s.add(st)


def _get(s: Session, stage_id: int) -> Stage:
    stage = s.get(Stage, stage_id)
    if stage is None:
        raise NotFound('That stage no longer exists — someone may have just deleted it.')
    return stage


def _lead_counts(s: Session, region: str | None) -> dict[int, int]:
    query = select(Lead.stage_id, func.count()).group_by(col(Lead.stage_id))
    if region:
        query = query.join(Contact, col(Contact.id) == col(Lead.contact_id)).where(
            func.upper(Contact.region) == region.upper()
        )
    return dict(s.exec(query).all())
