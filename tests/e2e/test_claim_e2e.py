"""The claim pool in real browsers: A claims a pool lead on its page; B's board and B's open copy of the lead
show the claim without a reload, B's Claim is refused with A's name; then A takes ownership and B sees it."""

from playwright.sync_api import expect

from tests.e2e.conftest import goto

MANAGER = {'create_leads', 'manage_leads'}


def test_claim_and_take_ownership_reach_another_user_live(signed_in, add_user, server) -> None:
    add_user('claim_ana', MANAGER, 'Ana Claimer')
    # a manager sees claimed pool leads anyway; View All Leads keeps the card on B's board after A owns it
    add_user('claim_ben', MANAGER | {'view_all_leads'}, 'Ben Watcher')

    admin = signed_in()
    admin.get_by_role('button', name='New lead').click()
    dialog = admin.locator('.q-dialog')
    dialog.get_by_label('Name *').fill('Polly Pool')
    dialog.get_by_label('Email').fill('polly@pool.example')
    dialog.get_by_role('button', name='Create lead').click()
    card = admin.locator('[data-lead]').filter(has_text='Polly Pool')
    expect(card).to_be_visible()
    lead_id = card.get_attribute('data-lead')

    ana = signed_in('claim_ana', path=f'/leads/{lead_id}')
    ben_board = signed_in('claim_ben', path='/leads')
    ben_lead = ben_board.context.new_page()
    goto(ben_lead, server.url(f'/leads/{lead_id}'))
    expect(ben_lead.locator('[data-claim=""][data-owner=""]')).to_be_visible()
    expect(ben_board.locator(f'[data-lead="{lead_id}"]')).to_be_visible()

    ana.get_by_role('button', name='Claim', exact=True).click()
    expect(ana.locator('[data-claim="Ana Claimer"]')).to_be_visible()

    # B's two screens follow without a reload
    expect(ben_lead.locator('[data-claim="Ana Claimer"]')).to_be_visible()
    expect(ben_lead.get_by_text('Claimed by Ana Claimer', exact=True)).to_be_visible()
    expect(ben_board.locator(f'[data-lead="{lead_id}"]').get_by_text('Claimed by Ana')).to_be_visible()

    # B's claim is refused and says who has the lead
    ben_lead.get_by_role('button', name='Claim', exact=True).click()
    expect(ben_lead.get_by_text('Ana Claimer claimed this lead')).to_be_visible()

    ana.get_by_role('button', name='Take ownership').click()
    expect(ana.locator('[data-owner="Ana Claimer"][data-claim=""]')).to_be_visible()
    expect(ben_lead.locator('[data-owner="Ana Claimer"][data-claim=""]')).to_be_visible()
    expect(ben_lead.get_by_text('Owner: Ana Claimer', exact=True)).to_be_visible()
    expect(ben_board.locator(f'[data-lead="{lead_id}"]').get_by_text('AC')).to_be_visible()


def test_dropping_a_card_on_converted_opens_the_convert_dialog(signed_in, server) -> None:
    from tests.e2e.test_board_e2e import create_lead, drag

    admin = signed_in()
    lead_id = create_lead(admin, 'Wanda Winner', 'wanda@winner.example')
    drag(admin, lead_id, 'CONVERTED')
    dialog = admin.locator('.q-dialog').filter(has_text='Convert Wanda Winner to a client')
    expect(dialog).to_be_visible()
    dialog.get_by_label('Client name *').fill('Winner Holdings')
    dialog.get_by_role('button', name='Convert to client').click()
    expect(admin.get_by_text('New client Winner Holdings')).to_be_visible()
    expect(admin.locator(f'[data-stage="CONVERTED"] [data-lead="{lead_id}"]')).to_be_visible()

    goto(admin, server.url('/clients?q=winner'))
    admin.get_by_text('Winner Holdings').first.click()
    admin.wait_for_url('**/clients/*')
    expect(admin.get_by_role('link', name='Wanda Winner')).to_be_visible()  # the primary contact
    expect(admin.locator('.q-tab-panel').get_by_text('Wanda Winner')).to_be_visible()  # the Leads tab


def test_claim_from_a_board_card_shows_on_another_board(signed_in, add_user) -> None:
    from tests.e2e.test_board_e2e import create_lead

    add_user('card_cara', MANAGER, 'Cara Caller')
    add_user('card_dev', MANAGER, 'Dev Watcher')
    admin = signed_in()
    lead_id = create_lead(admin, 'Paula Pool', 'paula@pool.example')

    cara = signed_in('card_cara', path='/leads')
    dev = signed_in('card_dev', path='/leads')
    cara_card = cara.locator(f'[data-lead="{lead_id}"]')
    dev_card = dev.locator(f'[data-lead="{lead_id}"]')
    expect(dev_card.locator('[data-card-action="claim"]')).to_be_visible()

    cara_card.locator('[data-card-action="claim"]').click()
    expect(cara.get_by_text('You claimed Paula Pool.')).to_be_visible()
    assert cara.url.endswith('/leads')  # the button claims; it does not open the lead
    expect(cara_card.get_by_text('Claimed by Cara')).to_be_visible()
    # Dev's board follows without a reload: the badge appears and the Claim button goes
    expect(dev_card.get_by_text('Claimed by Cara')).to_be_visible()
    expect(dev_card.locator('[data-card-action="claim"]')).to_have_count(0)
