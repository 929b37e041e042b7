"""A lapsed claim: the page shows it as gone even before the sweep, and the sweep logs and broadcasts it."""

from datetime import timedelta

from nicegui import app
from nicegui.testing import User

from models import Lead
from services import claims, clock, db, leads
from tests.ui.helpers import sign_in as _sign_in
from ui import claim_sweep

MANAGE = {'create_leads', 'manage_leads'}


async def sign_in(user: User, username: str) -> None:
    await _sign_in(user, username)
    await user.should_see(marker='user-menu')


async def test_sweep_returns_the_lead_to_the_pool_on_an_open_page(user: User, admin, make_user) -> None:
    ana = make_user('ana', MANAGE, 'Ana Ortiz')
    lead = leads.create_lead(actor=admin, data={'name': 'Pat Pool', 'phone': '555 010 2030'})
    claims.claim_lead(actor=ana, lead_id=lead.id)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    await user.should_see('Claimed by Ana Ortiz')
    with db.session() as s:
        row = s.get(Lead, lead.id)
        row.claim_expires_at = clock.now() - timedelta(seconds=1)
        s.add(row)
        s.commit()
    await claim_sweep._sweep()  # what the app timer runs every SWEEP_SECONDS
    await user.should_see('In the pool')
    await user.should_see('Claim by Ana Ortiz expired; back in the pool')


async def test_the_sweep_timer_is_registered_once_per_app_start(user: User) -> None:
    claim_sweep.install()
    claim_sweep.install()
    assert app._startup_handlers.count(claim_sweep._start) == 1
    assert claim_sweep.SWEEP_SECONDS <= 30
