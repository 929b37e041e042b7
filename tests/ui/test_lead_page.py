"""/leads/{id}: claim, edit (with the conflict message), log a call, notes, stage, convert."""

import asyncio
from collections.abc import Callable

from nicegui.testing import User

from services import clients, lead_view, leads
from tests.ui.helpers import eventually
from tests.ui.helpers import sign_in as _sign_in

MANAGE = {'create_leads', 'manage_leads'}


async def sign_in(user: User, username: str) -> None:
    """Sign in and wait until the login's own redirect has landed, so it cannot override the next open."""
    await _sign_in(user, username)
    await user.should_see(marker='user-menu')


def _lead(admin, name: str = 'Rita Moreno', **extra):
    data = {'name': name, 'phone': '555 010 2030', 'company': 'Acme Roofing'} | extra
    return leads.create_lead(actor=admin, data=data)


def _claim_area(user: User):
    return next(iter(user.find(marker='claim-area').elements))


async def test_claim_then_take_ownership_updates_the_claim_area(user: User, admin, make_user) -> None:
    make_user('ben', MANAGE, 'Ben Carter')
    lead = _lead(admin)
    await sign_in(user, 'ben')
    await user.open(f'/leads/{lead.id}')
    await user.should_see('In the pool')
    assert _claim_area(user).props['data-claim'] == ''
    user.find(marker='claim-button').click()
    await user.should_see('Claimed by Ben Carter')
    assert _claim_area(user).props['data-claim'] == 'Ben Carter'
    user.find(marker='own-button').click()
    await user.should_see('Owner: Ben Carter')
    area = _claim_area(user)
    assert area.props['data-owner'] == 'Ben Carter' and area.props['data-claim'] == ''


async def test_claim_by_another_user_shows_live_and_refuses_a_second_claim(
    create_user: Callable[[], User], admin, make_user
) -> None:
    make_user('ana', MANAGE, 'Ana Ortiz')
    make_user('ben', MANAGE, 'Ben Carter')
    lead = _lead(admin)
    ana, ben = create_user(), create_user()
    await sign_in(ana, 'ana')
    await sign_in(ben, 'ben')
    await ana.open(f'/leads/{lead.id}')
    await ben.open(f'/leads/{lead.id}')
    ana.find(marker='claim-button').click()
    await ben.should_see('Claimed by Ana Ortiz')
    assert _claim_area(ben).props['data-claim'] == 'Ana Ortiz'
    ben.find(marker='claim-button').click()
    await ben.should_see('Ana Ortiz claimed this lead')


async def test_a_stale_save_is_refused_with_the_other_persons_name(
    create_user: Callable[[], User], admin, make_user
) -> None:
    make_user('ana', MANAGE | {'view_all_leads'}, 'Ana Ortiz')
    lead = _lead(admin)
    me, ana = create_user(), create_user()
    await sign_in(me, 'admin')
    await sign_in(ana, 'ana')
    await me.open(f'/leads/{lead.id}')
    await ana.open(f'/leads/{lead.id}')
    me.find(marker='field-company').clear().type('Acme Inc')
    # Ana saves the same lead while my edit is open
    ana.find(marker='field-company').clear().type('Acme Corp')
    ana.find(marker='save-lead').click()
    await ana.should_see('Saved.')
    await me.should_see(marker='stale-notice')
    me.find(marker='save-lead').click()
    await me.should_see('Ana Ortiz changed this lead')
    await me.should_see('reload to see their changes')
    assert lead_view.get_lead_detail(actor=admin, lead_id=lead.id).contact.company == 'Acme Corp'
    assert next(iter(me.find(marker='field-company').elements)).value == 'Acme Inc'  # my typing is kept


async def test_edit_validation_and_save_logs_the_change(user: User, admin) -> None:
    lead = _lead(admin)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    user.find(marker='field-email').type('not-an-email')
    user.find(marker='save-lead').click()
    await user.should_see('is not a valid email address')
    user.find(marker='field-email').clear().type('rita@acme.test')
    user.find(marker='save-lead').click()
    await user.should_see('Saved.')
    await user.should_see('Email: (empty) → rita@acme.test')


async def test_log_call_and_note_appear_on_the_timeline(user: User, admin) -> None:
    lead = _lead(admin)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    user.find(marker='log-call').click()
    await user.should_see(marker='log-call-dialog')
    user.find(marker='call-note').type('Asked to call back')
    user.find(marker='call-save').click()
    await user.should_see('Call: Talked')
    await user.should_see('Asked to call back')
    user.find(marker='note-input').type('Prefers mornings')
    user.find(marker='add-note').click()
    await user.should_see('Prefers mornings')
    user.find(marker='pick-tomorrow').click()
    await user.should_see('Next call: ')


async def test_convert_to_new_client_from_the_lead_page(user: User, admin) -> None:
    lead = _lead(admin)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    user.find(marker='convert-button').click()
    await user.should_see(marker='convert-dialog')
    user.find(marker='convert-confirm').click()
    await user.should_see('New client Acme Roofing')
    converted = lead_view.get_lead_detail(actor=admin, lead_id=lead.id)
    assert converted.stage.key == 'CONVERTED' and converted.lead.client_id is not None
    detail = clients.get_client(actor=admin, client_id=converted.lead.client_id)
    assert [x.id for x in detail.leads] == [lead.id]


async def test_convert_merges_into_an_existing_client(user: User, admin) -> None:
    from services import convert

    first = _lead(admin, 'Sam Stone', company='Acme Roofing Inc')
    existing = convert.convert_to_new_client(
        actor=admin, lead_id=first.id, values={'name': 'Acme Roofing Inc'}
    )
    lead = _lead(admin, phone='555 777 8888')
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    user.find(marker='convert-button').click()
    await user.should_see(marker='convert-dialog')
    user.find(marker='convert-tab-existing').click()
    await user.should_see(marker=f'convert-client-{existing.client.id}')
    user.find(marker=f'convert-client-{existing.client.id}').click()
    user.find(marker='convert-confirm').click()
    await user.should_see('Added to client Acme Roofing Inc')
    detail = clients.get_client(actor=admin, client_id=existing.client.id)
    assert {x.id for x in detail.leads} == {first.id, lead.id}
    assert lead_view.get_lead_detail(actor=admin, lead_id=lead.id).lead.client_id == existing.client.id


async def test_up_next_highlights_the_current_lead_and_opens_the_next(user: User, admin) -> None:
    first = _lead(admin, 'First Caller', owner_id=admin.id)
    second = _lead(admin, 'Second Caller', phone='555 010 9999', owner_id=admin.id)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{second.id}')
    await user.should_see(marker=f'queue-{first.id}')
    current = next(iter(user.find(marker=f'queue-{second.id}').elements))
    assert current.props.get('data-current') == 'true'
    user.find(marker='next-lead').click()
    await user.should_see(marker='lead-name')
    await user.should_see('First Caller')


async def test_converting_an_upsell_lead_preselects_its_client(user: User, admin) -> None:
    from services import convert

    first = _lead(admin)
    client = convert.convert_to_new_client(
        actor=admin, lead_id=first.id, values={'name': 'Acme Roofing'}
    ).client
    upsell = clients.create_upsell_lead(actor=admin, client_id=client.id, product_type='Auto')
    await sign_in(user, 'admin')
    await user.open(f'/leads/{upsell.id}')
    user.find(marker='convert-button').click()
    await user.should_see(marker='convert-dialog')
    user.find(marker='convert-confirm').click()
    await user.should_see('Added to client Acme Roofing')
    assert {x.id for x in clients.get_client(actor=admin, client_id=client.id).leads} == {first.id, upsell.id}


async def test_own_actions_keep_unsaved_typing_and_the_save_still_works(user: User, admin) -> None:
    lead = _lead(admin)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    user.find(marker='field-job_title').type('Owner')
    user.find(marker='pick-tomorrow').click()  # bumps the lead's version while the form is dirty
    await user.should_see('Next call: ')
    assert next(iter(user.find(marker='field-job_title').elements)).value == 'Owner'
    user.find(marker='save-lead').click()
    await user.should_see('Saved.')
    assert lead_view.get_lead_detail(actor=admin, lead_id=lead.id).contact.job_title == 'Owner'


async def test_a_lead_assigned_away_says_so_on_the_open_page(user: User, admin, make_user) -> None:
    from services import claims

    make_user('ben', MANAGE, 'Ben Carter')
    other = make_user('cara', {'create_leads'}, 'Cara Diaz')
    lead = _lead(admin)
    await sign_in(user, 'ben')
    await user.open(f'/leads/{lead.id}')
    await user.should_see('In the pool')
    claims.assign_lead(actor=admin, lead_id=lead.id, owner_id=other.id)
    await user.should_see(marker='lead-gone')
    await user.should_see('assigned to someone else')


async def test_tag_editor_creates_and_sets_a_tag(user: User, admin) -> None:
    lead = _lead(admin)
    await sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    user.find(marker='edit-tags').click()
    await user.should_see(marker='tag-dialog')
    user.find(marker='tag-new-name').type('Hot prospect')
    user.find(marker='tag-new-add').click()
    # the new tag is saved in a worker thread, then picked: save the tags once it is
    picker = user.find(marker='tag-select').elements.pop()
    await eventually(lambda: bool(picker.value))
    user.find(marker='tag-save').click()
    await user.should_see(marker='tag-chip-Hot prospect')
    await user.should_see('Tags: +Hot prospect')


async def test_stage_rename_reaches_an_open_lead_page(user: User, admin) -> None:
    from services import stages as stage_service

    lead = leads.create_lead(actor=admin, data={'name': 'Rita Rename', 'email': 'rita@example.com'})
    await _sign_in(user, 'admin')
    await user.open(f'/leads/{lead.id}')
    await user.should_see(marker='stage-select')
    contacted = next(s for s in stage_service.list_stages() if s.key == 'CONTACTED')
    stage_service.rename_stage(actor=admin, stage_id=contacted.id, name='Reached')

    def picker_options() -> list[str]:
        return list(next(iter(user.find(marker='stage-select').elements)).options.values())

    for _ in range(40):
        if 'Reached' in picker_options():
            break
        await asyncio.sleep(0.05)
    assert 'Reached' in picker_options() and 'Contacted' not in picker_options()
