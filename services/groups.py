"""Groups: hand-picked lists of contacts. Anyone signed in may keep them; membership is shared by the team."""

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from models import ContactGroup, ContactGroupMember, UserRead
from services import access, clock, db, events
from services.contact_bulk import Selection, _chunks, resolve
from services.errors import Conflict, NotFound
from services.labels import clean_name


class GroupRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    members: int


def _get(s: Session, group_id: int) -> ContactGroup:
    group = s.get(ContactGroup, group_id)
    if group is None:
        raise NotFound('That group no longer exists.')
    return group


def _ensure_free(s: Session, name: str, ignore_id: int | None = None) -> None:
    taken = s.exec(select(ContactGroup).where(ContactGroup.name_norm == name.lower())).first()
    if taken is not None and taken.id != ignore_id:
        raise Conflict(f'A group named "{taken.name}" already exists.')


def list_groups(*, actor: UserRead) -> list[GroupRead]:
    with db.session() as s:
        access.current(s, actor)
        counts = dict(
            s.execute(
                select(ContactGroupMember.group_id, func.count()).group_by(ContactGroupMember.group_id)
            ).all()
        )
        groups = s.exec(select(ContactGroup).order_by(func.lower(ContactGroup.name))).all()
        return [GroupRead(id=g.id, name=g.name, members=counts.get(g.id, 0)) for g in groups]


def create_group(*, actor: UserRead, name: str) -> GroupRead:
    with db.session() as s:
        user = access.current(s, actor)
        name = clean_name(name, what='group', limit=100)
        _ensure_free(s, name)
        group = ContactGroup(name=name, name_norm=name.lower(), created_by_id=user.id, created_at=clock.now())
        s.add(group)
        s.commit()
        read = GroupRead(id=group.id, name=group.name, members=0)
    events.publish(events.ContactsChanged(frozenset(), 'groups', actor.id))
    return read


def rename_group(*, actor: UserRead, group_id: int, name: str) -> GroupRead:
    with db.session() as s:
        access.current(s, actor)
        group = _get(s, group_id)
        name = clean_name(name, what='group', limit=100)
        _ensure_free(s, name, ignore_id=group_id)
        group.name, group.name_norm = name, name.lower()
        s.add(group)
        s.commit()
        members = s.execute(select(func.count()).where(ContactGroupMember.group_id == group_id)).scalar_one()
        read = GroupRead(id=group.id, name=group.name, members=members)
    events.publish(events.ContactsChanged(frozenset(), 'groups', actor.id))
    return read


def delete_group(*, actor: UserRead, group_id: int) -> None:
    """Delete the group; its contacts stay."""
    with db.session() as s:
        access.current(s, actor)
        _get(s, group_id)
        s.execute(delete(ContactGroupMember).where(col(ContactGroupMember.group_id) == group_id))
        s.execute(delete(ContactGroup).where(col(ContactGroup.id) == group_id))
        s.commit()
    events.publish(events.ContactsChanged(frozenset(), 'groups', actor.id))


def add_members(*, actor: UserRead, group_id: int, selection: Selection) -> int:
    """Add the selected contacts; returns how many were new to the group."""
    now = clock.now()
    with db.session() as s:
        access.current(s, actor)
        _get(s, group_id)
        ids = resolve(s, selection)
        added = 0
        for chunk in _chunks(ids):
            have = set(
                s.execute(
                    select(ContactGroupMember.contact_id).where(
                        ContactGroupMember.group_id == group_id, col(ContactGroupMember.contact_id).in_(chunk)
                    )
                ).scalars()
            )
            rows = [{'group_id': group_id, 'contact_id': i, 'added_at': now} for i in chunk if i not in have]
            if rows:
                s.execute(insert(ContactGroupMember), rows)
                added += len(rows)
        s.commit()
    if ids:
        events.publish(events.ContactsChanged(frozenset(ids), 'groups', actor.id))
    return added


def remove_members(*, actor: UserRead, group_id: int, selection: Selection) -> int:
    with db.session() as s:
        access.current(s, actor)
        _get(s, group_id)
        ids = resolve(s, selection)
        removed = 0
        for chunk in _chunks(ids):
            result = s.execute(
                delete(ContactGroupMember).where(
                    ContactGroupMember.group_id == group_id, col(ContactGroupMember.contact_id).in_(chunk)
                )
            )
            removed += result.rowcount or 0
        s.commit()
    if ids:
        events.publish(events.ContactsChanged(frozenset(ids), 'groups', actor.id))
    return removed


def groups_of(*, actor: UserRead, contact_id: int) -> list[GroupRead]:
    """The groups a contact belongs to (for its page)."""
    with db.session() as s:
        access.current(s, actor)
        rows = s.execute(
            select(ContactGroup)
            .join(ContactGroupMember, col(ContactGroupMember.group_id) == ContactGroup.id)
            .where(ContactGroupMember.contact_id == contact_id)
            .order_by(func.lower(ContactGroup.name))
        ).scalars()
        return [GroupRead(id=g.id, name=g.name, members=0) for g in rows]
