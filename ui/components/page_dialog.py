"""Dialogs that outlive the part of the page that opened them.

A dialog opened from inside a refreshable (a header, a panel) would be deleted with it when a live update
redraws that part while the dialog is open; created at the page's top level it stays put."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui


@contextmanager
def page_dialog() -> Iterator[ui.dialog]:
    with ui.context.client.content, ui.dialog() as dialog:
        yield dialog


def discard(dialog: ui.dialog) -> None:
    if not dialog.is_deleted:
        dialog.delete()
