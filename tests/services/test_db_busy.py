"""A write that finds the database locked (an import holds SQLite's write lock for its whole transaction)
waits for it; past the busy timeout it is refused with a message, and nothing is half-written."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import select

from models import Contact, Lead
from services import db, leads
from services.errors import Busy

LEAD = {'name': 'Rita Moreno', 'phone': '555 010 2030'}


def _lock(database: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(database / 'leadboard.db', isolation_level=None, check_same_thread=False)
    holder.execute('BEGIN IMMEDIATE')
    return holder


def _short_wait(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(db, 'BUSY_TIMEOUT_S', seconds)
    db.engine().dispose()  # pooled connections keep the timeout they were opened with


def test_a_write_waits_for_the_lock_and_lands_once_it_is_free(admin, database: Path, monkeypatch) -> None:
    _short_wait(monkeypatch, 5.0)
    holder = _lock(database)
    threading.Timer(0.5, lambda: holder.execute('ROLLBACK')).start()
    started = time.monotonic()
    lead = leads.create_lead(actor=admin, data=LEAD)
    assert time.monotonic() - started >= 0.4
    assert leads.get_lead(actor=admin, lead_id=lead.id).id == lead.id
    holder.close()


def test_a_write_locked_out_past_the_timeout_is_refused_in_plain_words(
    admin, database: Path, monkeypatch
) -> None:
    _short_wait(monkeypatch, 0.3)
    holder = _lock(database)
    try:
        with pytest.raises(Busy, match='kept the database busy for too long'):
            leads.create_lead(actor=admin, data=LEAD)
    finally:
        holder.execute('ROLLBACK')
        holder.close()
    # nothing of the refused write was kept, and the next write goes through
    created = leads.create_lead(actor=admin, data=LEAD)
    with db.session() as s:
        assert s.exec(select(Contact.name)).all() == ['Rita Moreno']
        assert s.exec(select(Lead.id)).all() == [created.id]
