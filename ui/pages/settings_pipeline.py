"""Settings → Pipeline (admin): /settings/pipeline, and /us/settings/pipeline etc. with counts for one region."""

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from models import UserRead
from ui.components.settings_region import region_switch, resolve_region, unknown_region
from ui.components.settings_stages import StageList, add_stage_row
from ui.frame import frame
from ui.routing import page


def pipeline(user: UserRead, path_region: str | None) -> None:
    try:
        region = resolve_region(path_region)
    except LookupError as e:
        with frame('Pipeline', user, active='Settings'):
            unknown_region(str(e))
        return
    title = f'Pipeline · {region}' if region else 'Pipeline'
    with frame(title, user, active='Settings'):
        with ui.row().classes('w-full items-center gap-2 flex-wrap'):
            ui.label('Pipeline').classes('text-2xl font-semibold')
            ui.space()
            region_switch('pipeline', region)
        ui.label(
            'The board shows one column per stage in this order. Drag a stage by its handle (or use the '
            'arrows) to reorder it, click a name to rename it, click a color to change it. New, Converted '
            'and Lost are system stages: they can be renamed and recolored but not deleted.'
            + (f' Lead counts are for region {region}; stages are shared by every region.' if region else '')
        ).classes('text-sm text-slate-500')
        with ui.card().classes('w-full p-3 sm:p-4 gap-3'):
            StageList(user, region).show()
            ui.separator()
            add_stage_row(user)


def create() -> None:
    @app.get('/settings', include_in_schema=False)
    def settings_start() -> RedirectResponse:
        # a typed or bookmarked /settings lands on the first settings page, which checks who may see it
        return RedirectResponse('/settings/pipeline')

    @page('/settings/pipeline', admin=True, title='Pipeline')
    def pipeline_page(user: UserRead) -> None:
        pipeline(user, None)

    @page('/{region}/settings/pipeline', admin=True, title='Pipeline')
    def regional_pipeline_page(user: UserRead, region: str) -> None:
        pipeline(user, region)
