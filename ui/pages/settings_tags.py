"""Settings → Tags (admin): /settings/tags, and /us/settings/tags etc. with usage counted in one region."""

from nicegui import ui

from models import UserRead
from ui.components.settings_region import region_switch, resolve_region, unknown_region
from ui.components.settings_tags import TagList, add_tag_row
from ui.frame import frame
from ui.routing import page


def tags_page(user: UserRead, path_region: str | None) -> None:
    try:
        region = resolve_region(path_region)
    except LookupError as e:
        with frame('Tags', user, active='Settings'):
            unknown_region(str(e))
        return
    with frame(f'Tags · {region}' if region else 'Tags', user, active='Settings'):
        with ui.row().classes('w-full items-center gap-2 flex-wrap'):
            ui.label('Tags').classes('text-2xl font-semibold')
            ui.space()
            region_switch('tags', region)
        ui.label(
            'Tags label contacts and their leads. Names are unique regardless of case. Merging moves every '
            'record of one tag onto another; deleting takes the tag off its records (the records stay).'
            + (f' Usage is counted for region {region}; tags are shared by every region.' if region else '')
        ).classes('text-sm text-slate-500')
        tag_list = TagList(user, region)
        with ui.card().classes('w-full p-3 sm:p-4 gap-3'):
            add_tag_row(user)
            ui.separator()
            ui.input(placeholder='Search tags', on_change=lambda e: tag_list.set_search(e.value)).props(
                'dense outlined clearable debounce=250'
            ).classes('w-full sm:w-72').mark('tag-search').props('prepend-icon=search')
            tag_list.show()


def create() -> None:
    @page('/settings/tags', admin=True, title='Tags')
    def all_tags_page(user: UserRead) -> None:
        tags_page(user, None)

    @page('/{region}/settings/tags', admin=True, title='Tags')
    def regional_tags_page(user: UserRead, region: str) -> None:
        tags_page(user, region)
