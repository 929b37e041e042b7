"""Settings → General → Data: "Download backup" (admins), a consistent copy taken while the app runs."""

from nicegui import app, run, ui

from models import UserRead
from services import backup
from services.config import Settings
from services.errors import DomainError


def backup_button(user: UserRead) -> None:
    async def download() -> None:
        button.props('loading')
        try:
            settings = getattr(app.state, 'settings', None) or Settings()
            path = await run.io_bound(backup.download_backup, actor=user, backups_dir=settings.backups_dir)
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return
        finally:
            button.props(remove='loading')
        ui.download.file(path, path.name)
        ui.notify(
            f'Backup ready: {path.name} (also kept in the data folder under backups/).', type='positive'
        )

    button = (
        ui.button('Download backup', icon='download', on_click=download)
        .props('no-caps outline')
        .mark('download-backup')
    )
