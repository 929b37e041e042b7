"""Step 1 of the import wizard: the drop zone (the real upload widget), with the accepted formats."""

from collections.abc import Awaitable, Callable

from nicegui import events, ui

MAX_BYTES = 512 * 1024 * 1024


def upload_card(on_upload: Callable[[events.UploadEventArguments], Awaitable[None]]) -> None:
    with ui.card().classes('w-full max-w-2xl p-6 gap-3'):
        ui.label('Import contacts and leads').classes('text-xl font-semibold')
        ui.label(
            'CSV, TSV, TXT or XLSX, up to a million rows — exports of Google Contacts, Outlook, HubSpot, '
            'Salesforce, Pipedrive, LinkedIn and Zoho are recognized. Drop the file here or pick it.'
        ).classes('text-sm text-slate-600')
        ui.upload(
            on_upload=on_upload,
            auto_upload=True,
            max_file_size=MAX_BYTES,
            on_rejected=lambda: ui.notify('That file is too large (512 MB at most).', type='negative'),
            label='Drop a file here or click to choose',
        ).props('accept=".csv,.tsv,.txt,.xlsx,text/csv,text/plain" flat bordered').classes('w-full').mark(
            'import-upload'
        ).props('data-testid=import-upload')
