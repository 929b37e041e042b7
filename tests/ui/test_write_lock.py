"""A write from the UI waits for SQLite's write lock in a worker thread. An import holds that lock for its
whole transaction (seconds, up to a minute); a write asked for meanwhile waits for it (busy_timeout), and
while it waits the event loop keeps serving this browser and every other one. Once the lock is free the
change lands and shows, on every open screen."""

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from services import lead_view, leads, stages
from tests.ui.helpers import eventually, sign_in

# how long the lock is held: long enough to see that the write really waits, short for the suite
HOLD = 1.0


class WriteLock:
    """SQLite's write lock, taken the way the importer's transaction holds it, from another connection."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute('BEGIN IMMEDIATE')
        self.taken_at = time.monotonic()

    async def hold_until(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, self.taken_at + seconds - time.monotonic()))

    def release(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute('ROLLBACK')


@pytest.fixture
def write_lock(database: Path) -> Iterator[Callable[[], WriteLock]]:
    taken: list[WriteLock] = []

    def take() -> WriteLock:
        taken.append(WriteLock(database / 'leadboard.db'))
        return taken[-1]

    yield take
    for lock in taken:  # a failed test must not leave the database locked for the next one
        lock.release()
        lock.connection.close()


def look(user: User, lead_id: int) -> dict:
    return user.find(marker=f'lead-card-{lead_id}').elements.pop().props['card']


def cards_of(user: User, stage_key: str) -> set[int]:
    column = user.find(marker=f'column-{stage_key.lower()}').elements.pop()
    return {int(el.props['data-lead']) for el in column.descendants() if 'data-lead' in el.props}


async def test_a_lead_save_waits_for_the_lock_without_freezing_any_browser(
    create_user: Callable[[], User], admin, make_user, write_lock
) -> None:
    make_user('ana', {'view_all_leads'}, 'Ana Ortiz')
    data = {'name': 'Rita Moreno', 'phone': '555 010 2030', 'company': 'Acme'}
    lead = leads.create_lead(actor=admin, data=data)
    me, ana = create_user(), create_user()
    await sign_in(me, 'admin')
    await sign_in(ana, 'ana')
    await me.open(f'/leads/{lead.id}')
    me.find(marker='field-company').clear().type('Acme Holding')

    lock = write_lock()
    started = time.monotonic()
    me.find(marker='save-lead').click()
    await asyncio.sleep(0.1)
    # the click returned and the loop ran the sleep on time: the save waits in a worker thread
    assert time.monotonic() - started < 0.5
    # meanwhile another browser builds a whole page (reads never wait in WAL mode) ...
    await ana.open('/leads')
    await ana.should_see(marker=f'lead-card-{lead.id}')
    assert look(ana, lead.id)['company'] == 'Acme'
    # ... and this one still answers: a second click on Save is ignored while the first is in flight
    me.find(marker='save-lead').click()
    await lock.hold_until(HOLD)
    assert company(admin, lead.id) == 'Acme'
    assert not me.notify.contains('Saved.')

    lock.release()
    await me.should_see('Saved.')
    assert company(admin, lead.id) == 'Acme Holding'
    # the save's event, published from the worker thread, reaches the other browser's board
    await eventually(lambda: look(ana, lead.id)['company'] == 'Acme Holding')
    await asyncio.sleep(0.2)
    assert me.notify.messages.count('Saved.') == 1  # saved once, and no refusal of a second save
    assert len(me.notify.messages) == 1, me.notify.messages


async def test_a_board_drop_waits_for_the_lock_then_the_card_moves_on_every_board(
    create_user: Callable[[], User], admin, make_user, write_lock
) -> None:
    make_user('ana', {'view_all_leads'}, 'Ana Ortiz')
    lead = leads.create_lead(actor=admin, data={'name': 'Rita Moreno', 'phone': '555 010 2030'})
    me, ana = create_user(), create_user()
    await sign_in(me, 'admin')
    await sign_in(ana, 'ana')
    await me.open('/leads')
    await eventually(lambda: lead.id in cards_of(me, 'NOT_CONTACTED'))
    card = me.find(marker=f'lead-card-{lead.id}').elements.pop()
    source = card.parent_slot.parent
    target = cards_container(me, 'QUALIFIED')

    lock = write_lock()
    started = time.monotonic()
    # what the browser sends when the card is dragged from New to Qualified (SortableJS, on the source)
    UserInteraction(me, {source}, None).trigger(
        'sortend',
        {'item_id': card.id, 'from_id': source.id, 'to_id': target.id, 'old_index': 0, 'new_index': 0},
    )
    await asyncio.sleep(0.1)
    assert time.monotonic() - started < 0.5  # the move waits in a worker thread, not on the loop
    # meanwhile another browser opens the board and finds the lead where it still is
    await ana.open('/leads')
    await eventually(lambda: lead.id in cards_of(ana, 'NOT_CONTACTED'))
    await lock.hold_until(HOLD)
    assert leads.get_lead(actor=admin, lead_id=lead.id).stage_id == stage_id('NOT_CONTACTED')

    lock.release()
    await eventually(lambda: leads.get_lead(actor=admin, lead_id=lead.id).stage_id == stage_id('QUALIFIED'))
    # both boards redraw from the move's event: the counts say so (on this board the card itself already
    # sits where it was dropped)
    for board in (me, ana):
        await eventually(lambda b=board: count(b, 'QUALIFIED') == 1 and count(b, 'NOT_CONTACTED') == 0)
    assert lead.id in cards_of(ana, 'QUALIFIED') and lead.id not in cards_of(ana, 'NOT_CONTACTED')
    assert lead.id in cards_of(me, 'QUALIFIED') and lead.id not in cards_of(me, 'NOT_CONTACTED')


def company(admin, lead_id: int) -> str:
    return lead_view.get_lead_detail(actor=admin, lead_id=lead_id).contact.company


def stage_id(key: str) -> int:
    return next(st.id for st in stages.list_stages() if st.key == key)


def cards_container(user: User, stage_key: str) -> ui.element:
    column = user.find(marker=f'column-{stage_key.lower()}').elements.pop()
    return next(el for el in column.descendants() if el.props.get('data-stage-cards') == stage_key)


def count(user: User, stage_key: str) -> int:
    return user.find(marker=f'count-{stage_key.lower()}').elements.pop().props['data-count']
