"""Settings → General (admin): team-wide settings, and the spot for data tools such as backups."""

from nicegui import ui

from models import UserRead
from ui.components.backup_button import backup_button
from ui.components.settings_general import CARD, GeneralForm, section_title
from ui.frame import frame
from ui.routing import page


def data_section() -> ui.row:
    """The "Data" card. Issue 7 adds its "Download backup" button into the returned row."""
    with ui.card().classes(CARD).mark('settings-data'):
        section_title('Data', 'A consistent copy of the whole database, taken while the app runs.')
        with ui.row().classes('items-center gap-2 text-sm text-slate-500'):
            ui.label('From a terminal:')
            ui.label('python main.py backup FILE').classes('font-mono bg-slate-100 rounded px-2 py-0.5')
        return ui.row().classes('items-center gap-2').mark('backup-actions')


def create() -> None:
    @page('/settings/general', admin=True, title='General')
    def general_page(user: UserRead) -> None:
        with frame('General', user, active='Settings'):
            ui.label('General').classes('text-2xl font-semibold')
            GeneralForm(user).show()
            with data_section():
                backup_button(user)
