"""Editing a lead with optimistic concurrency, scheduling, logging calls and notes."""

from datetime import UTC, datetime, timedelta

import pytest

from services import activities, claims, clock, lead_view, lead_work, leads
from services.errors import Conflict, Forbidden, Invalid

MANAGE = {'create_leads', 'manage_leads'}


def _form(detail: lead_view.LeadDetail, **changes) -> dict:
    c = detail.contact
    values = {
        f: getattr(c, f)
        for f in ('name', 'email', 'phone', 'company', 'job_title', 'city', 'state', 'country', 'region')
    }
    values |= {'source': detail.lead.source, 'product_type': detail.lead.product_type, 'value': None}
    return values | changes


@pytest.fixture
def lead(admin):
    return leads.create_lead(
        actor=admin, data={'name': 'Rita Moreno', 'phone': '555 010 2030', 'company': 'Acme'}
    )


def test_edit_logs_a_field_diff_and_stores_e164(admin, lead) -> None:
    detail = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
    lead_work.save_lead_fields(
        actor=admin,
        lead_id=lead.id,
        values=_form(detail, email='rita@example.com', phone='(555) 010-9999', source='Referral'),
        contact_version=detail.contact.version,
        lead_version=detail.lead.version,
    )
    after = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
    assert after.contact.email == 'rita@example.com'
    assert after.contact.phone == '(555) 010-9999' and after.contact.phone_e164 == '+15550109999'
    assert after.lead.source == 'Referral'
    edit = activities.timeline(lead_id=lead.id)[0]
    assert edit.kind == 'edit' and edit.actor_name == 'Ada Admin'
    assert edit.data['changes']['phone'] == ['555 010 2030', '(555) 010-9999']
    assert 'Email: (empty) → rita@example.com' in edit.body


@pytest.mark.parametrize(
    ('changes', 'message'),
    [
        ({'name': '  '}, 'Please enter a name'),
        ({'email': '', 'phone': ''}, 'phone number or an email'),
        ({'email': 'not-an-email'}, 'not a valid email'),
        ({'phone': '12345'}, '7 to 15 digits'),
    ],
)
def test_edit_validation(admin, lead, changes, message) -> None:
    detail = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
    with pytest.raises(Invalid, match=message):
        lead_work.save_lead_fields(
            actor=admin,
            lead_id=lead.id,
            values=_form(detail, **changes),
            contact_version=detail.contact.version,
            lead_version=detail.lead.version,
        )


def test_a_stale_save_is_refused_with_who_and_when(admin, make_user, lead) -> None:
    ana = make_user('ana', MANAGE | {'view_all_leads'}, 'Ana Ortiz')
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with clock.frozen(start) as advance:
        mine = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
        hers = lead_view.get_lead_detail(actor=ana, lead_id=lead.id)
        lead_work.save_lead_fields(
            actor=ana,
            lead_id=lead.id,
            values=_form(hers, company='Acme Corp'),
            contact_version=hers.contact.version,
            lead_version=hers.lead.version,
        )
        advance(timedelta(minutes=2))
        with pytest.raises(Conflict, match='Ana Ortiz changed this lead 2 minutes ago — reload'):
            lead_work.save_lead_fields(
                actor=admin,
                lead_id=lead.id,
                values=_form(mine, company='Acme Inc'),
                contact_version=mine.contact.version,
                lead_version=mine.lead.version,
            )
    assert lead_view.get_lead_detail(actor=admin, lead_id=lead.id).contact.company == 'Acme Corp'


def test_working_needs_ownership_or_claim(make_user, admin, lead) -> None:
    caller = make_user('chloe', {'create_leads'})
    with pytest.raises(Forbidden):
        lead_work.add_note(actor=caller, lead_id=lead.id, text='hello')
    ben = make_user('ben', MANAGE, 'Ben Carter')
    claims.claim_lead(actor=ben, lead_id=lead.id)
    lead_work.add_note(actor=ben, lead_id=lead.id, text='Asked for a quote')
    assert activities.timeline(lead_id=lead.id)[0].body == 'Asked for a quote'


def test_log_call_with_next_call_updates_last_contacted(admin, lead) -> None:
    at = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
    lead_work.log_call(
        actor=admin, lead_id=lead.id, outcome='voicemail', note='Left a message', next_call_at=at
    )
    detail = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
    assert detail.lead.next_call_at == at
    assert detail.contact.last_contacted_at is not None
    call = activities.timeline(lead_id=lead.id)[0]
    assert call.kind == 'call' and call.data['outcome'] == 'voicemail' and call.body == 'Left a message'
    assert call.summary.startswith('Call: Voicemail · next call')
    with pytest.raises(Invalid):
        lead_work.log_call(actor=admin, lead_id=lead.id, outcome='maybe')


def test_schedule_and_clear(admin, lead) -> None:
    picks = dict(lead_work.quick_picks(datetime(2026, 3, 4, 15, 0, tzinfo=UTC)))
    assert picks['Next Monday 9:00'].astimezone().weekday() == 0
    at = picks['Tomorrow 9:00']
    assert lead_work.schedule_call(actor=admin, lead_id=lead.id, at=at).next_call_at == at
    assert lead_work.schedule_call(actor=admin, lead_id=lead.id, at=None).next_call_at is None
    kinds = [a.summary for a in activities.timeline(lead_id=lead.id) if a.kind == 'schedule']
    assert kinds[0] == 'Next call cleared' and kinds[1].startswith('Next call: ')


def test_up_next_follows_call_order(admin, make_user) -> None:
    now = clock.now()
    ben = make_user('ben', MANAGE, 'Ben Carter')
    mine = {'owner_id': ben.id}
    lead = leads.create_lead(actor=admin, data={'name': 'Unscheduled', 'email': 'u@example.com'} | mine)
    later = leads.create_lead(actor=admin, data={'name': 'Later Person', 'email': 'later@example.com'} | mine)
    overdue = leads.create_lead(actor=admin, data={'name': 'Overdue Person', 'email': 'o@example.com'} | mine)
    # the pool is in a manager's queue too; someone else's lead is not
    pool = leads.create_lead(actor=admin, data={'name': 'Pool Person', 'email': 'p@example.com'})
    other = leads.create_lead(
        actor=admin, data={'name': 'Other Person', 'email': 'x@example.com', 'owner_id': admin.id}
    )
    lead_work.schedule_call(actor=admin, lead_id=later.id, at=now + timedelta(hours=3))
    lead_work.schedule_call(actor=admin, lead_id=overdue.id, at=now - timedelta(hours=3))
    queue = lead_view.up_next(actor=ben, current_lead_id=overdue.id)
    ids = [i.lead_id for i in queue.items]
    assert ids[:2] == [overdue.id, later.id] and lead.id in ids and pool.id in ids and other.id not in ids
    # someone who sees everything gets their own leads only
    assert [i.lead_id for i in lead_view.up_next(actor=admin).items] == [other.id]
    assert queue.items[0].overdue
    assert queue.next_lead_id == later.id
