"""Two browsers: an admin edits the pipeline in Settings while another user watches the board — the new
column appears in its place, follows a drag, changes color and disappears, all without reload."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, goto


def board_order(page: Page) -> list[str]:
    return page.locator('.board-column[data-stage]').evaluate_all('els => els.map(e => e.dataset.stage)')


def settings_order(page: Page) -> list[str]:
    return page.locator('[data-stage-row]').evaluate_all('els => els.map(e => e.dataset.stageRow)')


def column_color(page: Page, key: str) -> str:
    dot = page.locator(f'.board-column[data-stage="{key}"] span.rounded-full').first
    return dot.evaluate('e => getComputedStyle(e).backgroundColor')


def expect_order(page: Page, read: tuple[str, str], wanted: list[str], timeout: float = 10_000) -> None:
    """Wait until the keys in `wanted` appear in this relative order (other stages may sit between)."""
    page.wait_for_function(
        """([sel, attr, wanted]) => {
            const got = Array.from(document.querySelectorAll(sel)).map(e => e.getAttribute(attr));
            return JSON.stringify(got.filter(k => wanted.includes(k))) === JSON.stringify(wanted);
        }""",
        arg=[read[0], read[1], wanted],
        timeout=timeout,
    )


BOARD = ('.board-column[data-stage]', 'data-stage')
SETTINGS = ('[data-stage-row]', 'data-stage-row')


def test_admin_adds_drags_recolors_and_deletes_a_stage_other_board_follows(
    server: Server, signed_in, add_user
) -> None:
    add_user('bo', {'create_leads', 'view_all_leads'}, 'Bo Brown')
    board = signed_in('bo', path='/leads')
    expect(board.locator('.board-column[data-stage="CONTACTED"]')).to_be_visible()
    admin = signed_in('admin', path='/settings/pipeline')
    expect(admin.locator('[data-stage-row="CONTACTED"]')).to_be_visible()

    # add: a new open stage lands after the last open stage
    admin.get_by_label('New stage name').fill('Demo booked')
    admin.get_by_role('button', name='Add stage').click()
    row = admin.locator('[data-stage-row="DEMO_BOOKED"]')
    expect(row).to_be_visible()
    expect_order(admin, SETTINGS, ['QUALIFIED', 'DEMO_BOOKED', 'CONVERTED'])
    expect_order(board, BOARD, ['QUALIFIED', 'DEMO_BOOKED', 'CONVERTED'])

    # drag it by its handle onto the upper half of Qualified: it goes between Contacted and Qualified
    handle = row.locator('.drag-handle')
    qualified = admin.locator('[data-stage-row="QUALIFIED"]')
    handle.drag_to(qualified, target_position={'x': 40, 'y': 4})
    expect_order(admin, SETTINGS, ['CONTACTED', 'DEMO_BOOKED', 'QUALIFIED'])
    expect_order(board, BOARD, ['CONTACTED', 'DEMO_BOOKED', 'QUALIFIED'])
    assert board.url.endswith('/leads')  # no reload, no navigation

    # recolor: the other board's column dot takes the new color
    row.locator('[data-color]').first.click()
    admin.locator('[data-color-option="ef4444"]').click()
    # the admin's own list re-renders with the new color first: later steps must act on the new row
    expect(row.locator('[data-color="#ef4444"]')).to_have_count(1)
    # and the closing menu hands focus back to its button: wait until it is gone before typing elsewhere
    expect(admin.locator('.q-menu')).to_have_count(0)
    board.wait_for_function(
        """() => {
            const dot = document.querySelector('.board-column[data-stage="DEMO_BOOKED"] span.rounded-full');
            return dot && getComputedStyle(dot).backgroundColor === 'rgb(239, 68, 68)';
        }""",
        timeout=10_000,
    )
    assert column_color(board, 'DEMO_BOOKED') == 'rgb(239, 68, 68)'

    # rename: the column title follows, the key does not change
    name = row.get_by_label('Stage name')
    name.fill('Demo held')
    name.press('Enter')
    expect(admin.get_by_text("Stage renamed to 'Demo held'.")).to_be_visible()
    expect(board.locator('.board-column[data-stage="DEMO_BOOKED"]')).to_contain_text('Demo held')

    # delete (it has no leads): the column leaves the other board; the pipeline is back to the defaults
    row.get_by_role('button', name='Delete stage').click()
    admin.get_by_role('dialog').get_by_role('button', name='Delete stage').click()
    expect(board.locator('.board-column[data-stage="DEMO_BOOKED"]')).to_have_count(0)
    assert 'DEMO_BOOKED' not in settings_order(admin)
    assert board_order(board)[:3] == ['NOT_CONTACTED', 'CONTACTED', 'QUALIFIED']


def test_system_stage_delete_is_refused_in_the_browser(signed_in) -> None:
    admin = signed_in('admin', path='/settings/pipeline')
    admin.locator('[data-stage-row="CONVERTED"]').get_by_role('button', name='Delete stage').click()
    expect(
        admin.locator('#q-notify').get_by_text(
            "System stage 'Converted' can't be deleted — rename or recolor it instead."
        )
    ).to_be_visible()


def test_non_admin_does_not_see_settings_and_is_refused(server: Server, signed_in, add_user) -> None:
    add_user('bo', {'create_leads', 'view_all_leads'}, 'Bo Brown')
    page = signed_in('bo', path='/leads')
    expect(page.get_by_role('button', name='Settings')).to_have_count(0)
    goto(page, server.url('/settings/pipeline'))
    expect(page.get_by_text('This page is for admins')).to_be_visible()
