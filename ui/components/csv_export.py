"""The board's "Export CSV" button: the leads of the current board filter as a formula-safe CSV."""

import tempfile
from collections.abc import Callable
from pathlib import Path

from nicegui import run, ui

from models import UserRead
from services.board_export import export_board
from services.board_query import BoardFilter
from services.errors import DomainError


def board_export_button(user: UserRead, current: Callable[[], BoardFilter]) -> ui.button:
    async def export() -> None:
        folder = Path(tempfile.mkdtemp(prefix='leadboard-export-'))
        path = folder / 'leads.csv'
        try:
            count = await run.io_bound(export_board, actor=user, filters=current(), path=path)
            data = path.read_bytes()
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return
        finally:
            path.unlink(missing_ok=True)
            folder.rmdir()
        ui.download.content(data, 'leads.csv', 'text/csv')
        ui.notify(f'Exported {count:,} lead{"s" if count != 1 else ""}.', type='positive')

    return (
        ui.button(icon='download', on_click=export)
        .props('outline no-caps')
        .tooltip('Export the leads of this view as CSV')
        .mark('board-export')
    )
