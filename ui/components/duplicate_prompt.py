"""The merge prompt before a new lead is saved: existing people with the same email or phone, or a very
similar name at the same company, each with the reason. Add the lead to one of them, keep both, or cancel."""

from nicegui import run, ui

from models import LeadCreate, LeadRead, UserRead
from services import app_settings, duplicates, leads
from services.duplicates import ContactMatch
from services.normalize import format_phone, normalize_phone
from services.validation import parse
from ui.components.page_dialog import discard, page_dialog

KEEP_BOTH = 0


def reason_text(match: ContactMatch, region: str) -> str:
    """'same phone +1 555-010-2030', 'same email ana@x.com', 'name 93 % similar, same company'."""
    if match.reason.startswith('same phone'):
        shown = format_phone(normalize_phone(match.phone, region)) or match.phone
        return match.reason.replace('same phone', f'same phone {shown}', 1)
    if match.reason.startswith('same email'):
        return match.reason.replace('same email', f'same email {match.email}', 1)
    return match.reason


async def ask_about_duplicates(matches: list[ContactMatch]) -> int | None:
    """The chosen contact id, KEEP_BOTH (0), or None for Cancel."""
    region = app_settings.get('phone_region')
    with (
        page_dialog() as dialog,
        ui.card().classes('w-[34rem] max-w-full gap-3 p-5').mark('duplicate-prompt'),
    ):
        with ui.row().classes('items-center gap-2 no-wrap'):
            ui.icon('content_copy', color='warning').classes('text-2xl')
            ui.label('This person may already be here').classes('text-lg font-semibold')
        ui.label(
            'Add the new lead to an existing contact (no second person is created, empty fields are '
            'filled in), keep both, or cancel.'
        ).classes('text-sm text-slate-600')
        with ui.column().classes('w-full gap-2'):
            for match in matches:
                with (
                    ui.row()
                    .classes(
                        'w-full items-center gap-3 max-sm:flex-wrap sm:flex-nowrap rounded-lg border border-slate-200 px-3 py-2'
                    )
                    .mark(f'duplicate-{match.contact_id}')
                ):
                    with ui.column().classes('gap-0 grow min-w-0'):
                        ui.label(match.name).classes('font-medium text-slate-900 truncate')
                        details = ' · '.join(x for x in (match.company, match.email, match.phone) if x)
                        ui.label(details).classes('text-xs text-slate-500 truncate')
                        tone = 'text-red-700' if match.exact else 'text-amber-700'
                        ui.label(reason_text(match, region)).classes(f'text-xs font-medium {tone}').mark(
                            f'duplicate-reason-{match.contact_id}'
                        )
                    ui.button(
                        'Add lead to this contact', on_click=lambda m=match: dialog.submit(m.contact_id)
                    ).props('unelevated no-caps').classes('shrink-0').mark(
                        f'duplicate-add-{match.contact_id}'
                    )
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps').mark(
                'duplicate-cancel'
            )
            ui.button('Keep both', on_click=lambda: dialog.submit(KEEP_BOTH)).props('outline no-caps').mark(
                'duplicate-keep'
            )
    choice = await dialog
    discard(dialog)
    return choice


async def create_lead_checked(user: UserRead, data: dict) -> LeadRead | None:
    """Validate, look for the person among existing contacts, ask if found, then create the lead.
    None when the user cancelled; refusals raise DomainError as create_lead does."""
    form = parse(LeadCreate, data)
    # tens of milliseconds on a big database: off the event loop (refusals still raise here)
    matches = await run.io_bound(
        duplicates.find_matches,
        actor=user,
        name=form.name,
        email=form.email,
        phone=form.phone,
        company=form.company,
    )
    contact_id = None
    if matches:
        choice = await ask_about_duplicates(matches)
        if choice is None:
            return None
        contact_id = choice or None
    # a write: it waits for the write lock while an import holds it, so off the event loop as well
    return await run.io_bound(leads.create_lead, actor=user, data=form, contact_id=contact_id)
