"""Tags: names unique case-insensitively, a color each; renamed, recolored, merged and deleted by admins.

Managers (Manage Leads) may also create a tag while tagging a lead — `create_tag` allows both."""

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, func, insert, update
from sqlmodel import Session, col, select

from models import Contact, ContactTag, Segment, Tag, TagRead, UserRead, utcnow
from services import access, db, events, labels
from services.errors import Conflict, Forbidden, Invalid, NotFound

MAX_NAME = 64


class TagUsage(TagRead):
    """A tag with the number of records (contacts) that carry it."""

    usage: int


class TagDeleted(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    removed_from: int


def list_tags() -> list[TagRead]:
    """Every tag by name, for pickers and filters (any signed-in user sees tags)."""
    with db.session() as s:
        return [TagRead.model_validate(t) for t in s.exec(select(Tag).order_by(col(Tag.name_norm)))]


def tag_overview(*, actor: UserRead, region: str | None = None) -> list[TagUsage]:
    """Settings → Tags: every tag with its usage, counted within `region` when given."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        counts = _usage_counts(s, region)
        return [
            TagUsage(id=t.id, name=t.name, color=t.color, usage=counts.get(t.id, 0))
            for t in s.exec(select(Tag).order_by(col(Tag.name_norm)))
        ]


def usage_count(*, actor: UserRead, tag_id: int) -> int:
    with db.session() as s:
        access.require(s, actor, 'admin')
        _get(s, tag_id)
        return _count(s, tag_id)


def create_tag(*, actor: UserRead, name: str, color: str | None = None) -> TagRead:
    """Admins in Settings, and managers from a lead. A name taken in any letter case is refused (Conflict)."""
    with db.session() as s:
        user = access.current(s, actor)
        if not (user.is_admin or user.can_manage_leads):
            raise Forbidden('You need the Manage Leads or Admin permission to create tags.')
        clean = _name(name)
        _ensure_free(s, clean)
        if color is None:
            chosen = labels.next_color(list(s.exec(select(Tag.color))))
        else:
            chosen = labels.parse_color(color)
        tag = Tag(name=clean, name_norm=clean.casefold(), color=chosen, created_at=utcnow())
        s.add(tag)
        s.commit()
        result = TagRead.model_validate(tag)
    events.publish(events.TagsChanged('created', actor.id, frozenset({result.id})))
    return result


def rename_tag(*, actor: UserRead, tag_id: int, name: str) -> TagRead:
    with db.session() as s:
        access.require(s, actor, 'admin')
        tag = _get(s, tag_id)
        clean = _name(name)
        if clean == tag.name:
            return TagRead.model_validate(tag)
        _ensure_free(s, clean, ignore_id=tag.id)
        tag.name, tag.name_norm = clean, clean.casefold()
        s.add(tag)
        s.commit()
        result = TagRead.model_validate(tag)
    events.publish(events.TagsChanged('renamed', actor.id, frozenset({tag_id})))
    return result


def recolor_tag(*, actor: UserRead, tag_id: int, color: str) -> TagRead:
    with db.session() as s:
        access.require(s, actor, 'admin')
        tag = _get(s, tag_id)
        tag.color = labels.parse_color(color)
        s.add(tag)
        s.commit()
        result = TagRead.model_validate(tag)
    events.publish(events.TagsChanged('recolored', actor.id, frozenset({tag_id})))
    return result


def merge_tags(*, actor: UserRead, source_id: int, target_id: int) -> TagRead:
    """Every record carrying `source` carries `target` afterwards (once); `source` is gone."""
    if source_id == target_id:
        raise Invalid('Pick two different tags to merge.')
    with db.session() as s:
        access.require(s, actor, 'admin')
        source, target = _get(s, source_id), _get(s, target_id)
        carriers = set(s.exec(select(ContactTag.contact_id).where(ContactTag.tag_id == source_id)))
        already = set(
            s.exec(
                select(ContactTag.contact_id).where(
                    ContactTag.tag_id == target_id, col(ContactTag.contact_id).in_(carriers)
                )
            )
        )
        missing = sorted(carriers - already)
        if missing:
            s.execute(insert(ContactTag), [{'contact_id': c, 'tag_id': target_id} for c in missing])
        s.execute(delete(ContactTag).where(col(ContactTag.tag_id) == source_id))
        _retarget_segments(s, source_id, target_id)
        s.delete(source)
        s.commit()
        result = TagRead.model_validate(target)
    events.publish(events.TagsChanged('merged', actor.id, frozenset({source_id, target_id})))
    if carriers:
        events.publish(events.ContactsChanged(frozenset(carriers), 'tags', actor.id))
    return result


def delete_tag(*, actor: UserRead, tag_id: int) -> TagDeleted:
    """Removes the tag from every record that carries it; returns how many that were."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        tag = _get(s, tag_id)
        carriers = set(s.exec(select(ContactTag.contact_id).where(ContactTag.tag_id == tag_id)))
        s.execute(delete(ContactTag).where(col(ContactTag.tag_id) == tag_id))
        _retarget_segments(s, tag_id, None)
        name = tag.name
        s.delete(tag)
        s.commit()
    events.publish(events.TagsChanged('deleted', actor.id, frozenset({tag_id})))
    if carriers:
        events.publish(events.ContactsChanged(frozenset(carriers), 'tags', actor.id))
    return TagDeleted(name=name, removed_from=len(carriers))


def _name(value: str) -> str:
    return labels.clean_name(value, what='tag', limit=MAX_NAME)


def _ensure_free(s: Session, name: str, ignore_id: int | None = None) -> None:
    taken = s.exec(select(Tag).where(Tag.name_norm == name.casefold())).first()
    if taken is not None and taken.id != ignore_id:
        raise Conflict(f'A tag named {taken.name!r} already exists — names are unique regardless of case.')


def _get(s: Session, tag_id: int) -> Tag:
    tag = s.get(Tag, tag_id)
    if tag is None:
        raise NotFound('That tag no longer exists — someone may have just deleted or merged it.')
    return tag


def _count(s: Session, tag_id: int) -> int:
    return s.exec(select(func.count()).select_from(ContactTag).where(ContactTag.tag_id == tag_id)).one()


def _usage_counts(s: Session, region: str | None) -> dict[int, int]:
    query = select(ContactTag.tag_id, func.count()).group_by(col(ContactTag.tag_id))
    if region:
        query = query.join(Contact, col(Contact.id) == col(ContactTag.contact_id)).where(
            func.upper(Contact.region) == region.upper()
        )
    return dict(s.exec(query).all())


def _retarget_segments(s: Session, old_id: int, new_id: int | None) -> None:
    """Saved segments filter by tag ids (query['tags'], see contact_filter): a merge points them at the kept
    tag, a delete drops the id (ids can be reused by the next tag, so a dangling one is not kept)."""
    for segment in s.exec(select(Segment)):
        query = segment.query if isinstance(segment.query, dict) else {}
        ids = [int(t) for t in query.get('tags') or [] if str(t).isdigit()]
        if old_id not in ids:
            continue
        kept = [t for t in ids if t != old_id]
        if new_id is not None and new_id not in kept:
            kept.append(new_id)
        s.execute(
            update(Segment)
            .where(col(Segment.id) == segment.id)
            .values(query={**query, 'tags': kept}, updated_at=utcnow())
        )
