"""Region-scoped settings pages (/us/settings/pipeline …): which regions exist, and the switch between them."""

from nicegui import ui

from services import app_settings


def regions_in_use() -> list[str]:
    return [str(r).upper() for r in app_settings.get('regions')]


def resolve_region(path_region: str | None) -> str | None:
    """'us' -> 'US'; None for the all-regions page. Raises LookupError for a region not in use."""
    if path_region is None:
        return None
    code = path_region.upper()
    if code not in regions_in_use():
        raise LookupError(code)
    return code


def unknown_region(code: str) -> None:
    with ui.card().classes('max-w-lg mx-auto mt-8 p-6').mark('unknown-region'):
        ui.label('Unknown region').classes('text-lg font-semibold')
        ui.label(
            f'{code} is not one of the regions in use ({", ".join(regions_in_use())}). '
            'Admins set the regions in Settings → General.'
        )


def region_switch(section: str, current: str | None) -> None:
    """Links to the same settings page for all regions and for each region in use."""
    with ui.row().classes('gap-1 items-center flex-wrap').mark('region-switch'):
        ui.label('Counts for').classes('text-sm text-slate-500 mr-1')
        options = [(None, 'All regions', f'/settings/{section}')] + [
            (code, code, f'/{code.lower()}/settings/{section}') for code in regions_in_use()
        ]
        for code, label, path in options:
            active = code == current
            ui.button(label, on_click=lambda p=path: ui.navigate.to(p)).props(
                'dense no-caps unelevated' if active else 'dense no-caps flat'
            ).classes('px-2' + ('' if active else ' text-slate-600')).mark(
                f'region-{(code or "all").lower()}'
            )
