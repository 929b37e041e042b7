"""The duplicates page and command: scan the whole database, review clusters, dismiss pairs, mark as lost."""

import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from models import (
    Contact,
    ContactRead,
    ContactTag,
    DuplicateFlag,
    Lead,
    Stage,
    StageKind,
    Tag,
    User,
    UserRead,
)
from services import access, clock, db, events, leads
from services.dedupe import DuplicateCluster, DuplicatePair, build_clusters, find_duplicate_pairs
from services.errors import Invalid, NotFound


class LeadBrief(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    stage: str
    stage_kind: str
    owner: str


class ClusterMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    contact: ContactRead
    status: str
    tags: list[str]
    leads: list[LeadBrief]


def contacts_frame(s: Session) -> pd.DataFrame:
    """Every contact's scan columns in one query (the phone in E.164 where known).

    Read through the DBAPI cursor: SQLAlchemy row objects for 100,000 contacts cost more than the scan itself."""
    cursor = s.connection().connection.cursor()
    cursor.execute(
        'SELECT id, name, first_name, last_name, email, COALESCE(phone_e164, phone), company FROM contact'
    )
    return pd.DataFrame(
        cursor.fetchall(), columns=['id', 'name', 'first_name', 'last_name', 'email', 'phone', 'company']
    )


def _flags(s: Session) -> tuple[set[tuple[int, int]], list[DuplicatePair]]:
    dismissed: set[tuple[int, int]] = set()
    flagged: list[DuplicatePair] = []
    for flag in s.exec(
        select(DuplicateFlag).where(col(DuplicateFlag.status).in_(('dismissed', 'open')))
    ).all():
        pair = (min(flag.contact_id, flag.other_contact_id), max(flag.contact_id, flag.other_contact_id))
        if flag.status == 'dismissed':
            dismissed.add(pair)
        else:
            reason = flag.reason or 'flagged at import'
            flagged.append(
                DuplicatePair(
                    contact_id=pair[0], other_contact_id=pair[1], score=flag.score, reasons=[reason]
                )
            )
    return dismissed, flagged


def scan_duplicates(*, actor: UserRead | None) -> list[DuplicateCluster]:
    """Clusters of likely duplicates over the whole database, best first (`actor=None`: the command line).

    Pairs flagged by an import join the scan's; pairs dismissed as "not a duplicate" never come back."""
    with db.session() as s:
        if actor is not None:
            access.current(s, actor)
        frame = contacts_frame(s)
        dismissed, flagged = _flags(s)
    pairs = {(p.contact_id, p.other_contact_id): p for p in find_duplicate_pairs(frame, dismissed=dismissed)}
    for p in flagged:
        key = (p.contact_id, p.other_contact_id)
        if key in dismissed:
            continue
        if key in pairs:
            known = pairs[key]
            reasons = list(dict.fromkeys([*known.reasons, *p.reasons]))
            pairs[key] = known.model_copy(update={'reasons': reasons, 'score': max(known.score, p.score)})
        else:
            pairs[key] = p
    return build_clusters(pairs.values())


def cluster_members(*, actor: UserRead, contact_ids: list[int]) -> list[ClusterMember]:
    """The contacts of a cluster with what a reviewer needs to decide: status, tags, leads."""
    with db.session() as s:
        access.current(s, actor)
        contacts = s.exec(
            select(Contact).where(col(Contact.id).in_(contact_ids)).order_by(col(Contact.id))
        ).all()
        tags: dict[int, list[str]] = {}
        for contact_id, name in s.exec(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, col(Tag.id) == ContactTag.tag_id)
            .where(col(ContactTag.contact_id).in_(contact_ids))
        ).all():
            tags.setdefault(contact_id, []).append(name)
        briefs: dict[int, list[LeadBrief]] = {}
        converted: set[int] = set()
        for lead, stage, owner in s.exec(
            select(Lead, Stage, User)
            .join(Stage, col(Stage.id) == Lead.stage_id)
            .outerjoin(User, col(User.id) == Lead.owner_id)
            .where(col(Lead.contact_id).in_(contact_ids))
            .order_by(col(Lead.id))
        ).all():
            briefs.setdefault(lead.contact_id, []).append(
                LeadBrief(
                    id=lead.id,
                    stage=stage.name,
                    stage_kind=stage.kind,
                    owner=owner.display_name if owner else '',
                )
            )
            if lead.converted_at is not None:
                converted.add(lead.contact_id)
        out = []
        for c in contacts:
            mine = briefs.get(c.id, [])
            status = (
                'Client'
                if c.id in converted
                else 'Lead'
                if any(b.stage_kind == StageKind.OPEN for b in mine)
                else 'Contact'
            )
            out.append(
                ClusterMember(
                    contact=ContactRead.model_validate(c),
                    status=status,
                    tags=sorted(tags.get(c.id, [])),
                    leads=mine,
                )
            )
        return out


def dismiss_pair(*, actor: UserRead, contact_id: int, other_contact_id: int) -> None:
    """'Not a duplicate': the pair never shows again (Manage Leads)."""
    a, b = min(contact_id, other_contact_id), max(contact_id, other_contact_id)
    if a == b:
        raise Invalid('A contact is always a duplicate of itself.')
    with db.session() as s:
        access.require(s, actor, 'manage_leads')
        if s.get(Contact, a) is None or s.get(Contact, b) is None:
            raise NotFound('One of these contacts no longer exists.')
        flag = s.exec(
            select(DuplicateFlag).where(DuplicateFlag.contact_id == a, DuplicateFlag.other_contact_id == b)
        ).first()
        if flag is None:
            flag = DuplicateFlag(contact_id=a, other_contact_id=b, created_at=clock.now())
        flag.status = 'dismissed'
        s.add(flag)
        s.commit()
    events.publish(events.ContactsChanged(frozenset({a, b}), 'duplicates', actor.id))


def dismiss_cluster(*, actor: UserRead, contact_ids: list[int]) -> None:
    ids = sorted(set(contact_ids))
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            dismiss_pair(actor=actor, contact_id=a, other_contact_id=b)


def mark_duplicate_lost(*, actor: UserRead, contact_id: int, duplicate_of: int) -> int:
    """Move the open leads of a duplicate contact to Lost ("Duplicate of …") instead of merging; returns how
    many leads moved. The lead service checks that the actor may work each lead."""
    with db.session() as s:
        access.current(s, actor)
        other = s.get(Contact, duplicate_of)
        lost = s.exec(select(Stage).where(Stage.kind == StageKind.LOST).order_by(col(Stage.position))).first()
        if lost is None:
            raise NotFound('There is no Lost stage.')
        open_leads = s.exec(
            select(Lead.id)
            .join(Stage, col(Stage.id) == Lead.stage_id)
            .where(Lead.contact_id == contact_id, Stage.kind == StageKind.OPEN)
            .order_by(col(Lead.id))
        ).all()
    if not open_leads:
        raise Invalid('This contact has no open lead to mark as lost.')
    reason = f'Duplicate of {other.name} (#{duplicate_of})' if other else 'Duplicate'
    for lead_id in open_leads:
        leads.move_lead(actor=actor, lead_id=lead_id, stage_id=lost.id, lost_reason=reason)
    return len(open_leads)
