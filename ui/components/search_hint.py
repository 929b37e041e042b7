"""The search boxes' answer to a one-letter query, which searches nothing yet (services.search.MIN_QUERY):
say so under the box rather than leave the list unchanged without a word."""

from nicegui import ui

from services import search

HINT = f'Type at least {search.MIN_QUERY} letters to search'


def explain_short_queries(box: ui.input) -> None:
    def update() -> None:
        text = str(box.value or '').strip()
        if text and not search.searchable(text):
            box.props(f'hint="{HINT}"')
        else:
            box.props(remove='hint')

    box.props('hide-bottom-space')
    box.on_value_change(update)
    update()
