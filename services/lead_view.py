"""What the lead page shows: the lead with its person, stage, people, tags and client, what the viewer may
do with it, and the viewer's "Up next" call queue (the call list's order, reused from services.board)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import col, select

from models import (
    Client,
    Contact,
    ContactRead,
    ContactTag,
    Lead,
    LeadRead,
    Stage,
    StageKind,
    StageRead,
    Tag,
    TagRead,
    User,
    UserRead,
)
from services import access, board_list, clock, db
from services.board_query import OWNER_ME, BoardFilter
from services.leads import can_work, claim_is_live, load_visible, visible

QUEUE_SIZE = 12
QUEUE_SCAN = 40


class LeadDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead: LeadRead
    contact: ContactRead
    stage: StageRead
    stages: tuple[StageRead, ...]
    tags: tuple[TagRead, ...]
    owner_name: str  # '' when nobody owns it
    claimed_by_name: str  # '' unless a live claim
    claim_expires_at: datetime | None
    client_name: str
    updated_by_name: str
    can_work: bool
    can_claim: bool
    can_release: bool
    can_take_ownership: bool
    can_assign: bool
    can_convert: bool


def _name(s, user_id: int | None) -> str:
    user = s.get(User, user_id) if user_id is not None else None
    return (user.display_name or user.username) if user is not None else ''


def get_lead_detail(*, actor: UserRead, lead_id: int) -> LeadDetail:
    with db.session() as s:
        user = access.current(s, actor)
        lead = s.get(Lead, lead_id)
        seen = lead is not None and s.exec(select(Lead.id).where(Lead.id == lead_id, visible(user))).first()
        # a pool lead someone else claimed is hidden from a manager's board, but its page still opens
        # (read-only) and says who has it, instead of "not available"
        claimed_pool = lead is not None and user.can_manage_leads and lead.owner_id is None
        if not seen and not claimed_pool:
            lead = load_visible(s, user, lead_id)  # raises the right refusal
        contact = s.get(Contact, lead.contact_id)
        stages = [StageRead.model_validate(st) for st in s.exec(select(Stage).order_by(col(Stage.position)))]
        stage = next(st for st in stages if st.id == lead.stage_id)
        tags = s.exec(
            select(Tag)
            .join(ContactTag, col(ContactTag.tag_id) == col(Tag.id))
            .where(col(ContactTag.contact_id) == contact.id)
            .order_by(col(Tag.name_norm))
        ).all()
        live = claim_is_live(lead)
        mine = live and lead.claimed_by_id == user.id
        client = s.get(Client, lead.client_id) if lead.client_id is not None else None
        workable = bool(seen) and can_work(user, lead)
        return LeadDetail(
            lead=LeadRead.model_validate(lead),
            contact=ContactRead.model_validate(contact),
            stage=stage,
            stages=tuple(stages),
            tags=tuple(TagRead.model_validate(t) for t in tags),
            owner_name=_name(s, lead.owner_id),
            claimed_by_name=_name(s, lead.claimed_by_id) if live else '',
            claim_expires_at=lead.claim_expires_at if live else None,
            client_name=client.name if client is not None else '',
            updated_by_name=_name(s, lead.updated_by_id),
            can_work=workable,
            # shown while someone else's claim is live too: a click then says who has it
            can_claim=user.can_manage_leads and lead.owner_id is None and not mine,
            can_release=mine,
            can_take_ownership=mine and lead.owner_id is None,
            can_assign=user.can_manage_leads and bool(seen),
            can_convert=workable and stage.kind != StageKind.WON,
        )


class QueueItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead_id: int
    name: str
    company: str
    next_call_at: datetime | None
    overdue: bool


class CallQueue(BaseModel):
    model_config = ConfigDict(frozen=True)

    items: tuple[QueueItem, ...]
    next_lead_id: int | None  # the lead after the current one in call order (wrapping to the top)
    total: int  # open leads in the queue, counted over the first QUEUE_SCAN rows of the call list
    more: bool  # the call list goes on beyond QUEUE_SCAN rows


def up_next(*, actor: UserRead, current_lead_id: int | None = None, size: int = QUEUE_SIZE) -> CallQueue:
    """The viewer's call queue in call-list order, and which lead "Next lead" opens.

    The queue is the call list's query (services.board_list), so both always agree on the order; for a user
    with View All Leads it is the call list filtered to "owner: me"."""
    # someone who sees every lead has the whole company in the default call list: their queue is their own
    mine = BoardFilter(owner=OWNER_ME) if actor.can_view_all_leads else BoardFilter()
    page = board_list.call_list(actor=actor, filters=mine, sort='call', per_page=QUEUE_SCAN)
    with db.session() as s:
        closed = set(s.exec(select(Stage.id).where(col(Stage.kind) != StageKind.OPEN)).all())
    now = clock.now()
    items = [
        QueueItem(
            lead_id=row.id,
            name=row.name,
            company=row.company,
            next_call_at=row.next_call_at,
            overdue=row.next_call_at is not None and row.next_call_at < now,
        )
        for row in page.rows
        if row.stage_id not in closed
    ]
    ids = [item.lead_id for item in items]
    following = [i for i in ids if i != current_lead_id]
    if current_lead_id in ids:
        position = ids.index(current_lead_id)
        after = ids[position + 1 :]
        following = after or [i for i in ids[:position]]
    shown = items[:size]
    if current_lead_id in ids and current_lead_id not in [i.lead_id for i in shown]:
        # keep the current lead visible (highlighted) even when it is further down the queue
        shown = shown[: size - 1] + [items[ids.index(current_lead_id)]]
    return CallQueue(
        items=tuple(shown),
        next_lead_id=following[0] if following else None,
        total=len(items),
        more=page.total > QUEUE_SCAN,
    )
