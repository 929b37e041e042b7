"""Beside the contacts table: saved segments (personal or shared) and groups, each one click away."""

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from nicegui import ui

from models import UserRead
from services import groups, segments
from services.contact_filter import ContactFilter
from ui import live
from ui.session import attempt_in_thread, busy, submit


def contacts_url(filters: ContactFilter) -> str:
    query = urlencode(filters.as_query())
    return '/contacts' + (f'?{query}' if query else '')


class SegmentPanel:
    def __init__(self, user: UserRead, current: Callable[[], ContactFilter]) -> None:
        self.user = user
        self.current = current
        with ui.column().classes('w-full gap-1').mark('segment-panel'):
            with ui.row().classes('w-full items-center'):
                ui.label('Segments').classes('text-xs font-semibold uppercase tracking-wide text-slate-500')
                ui.space()
                ui.button(icon='bookmark_add', on_click=self.save_dialog).props(
                    'flat dense round size=sm'
                ).mark('segment-save').tooltip('Save the current filter as a segment')
            self.segments_box = ui.column().classes('w-full gap-0')
            ui.separator().classes('my-2')
            with ui.row().classes('w-full items-center'):
                ui.label('Groups').classes('text-xs font-semibold uppercase tracking-wide text-slate-500')
                ui.space()
                ui.button(icon='add', on_click=self.new_group).props('flat dense round size=sm').mark(
                    'group-new'
                ).tooltip('New group')
            self.groups_box = ui.column().classes('w-full gap-0')
        self.show()
        live.contacts_changed.subscribe(self._on_change)

    def _on_change(self, event) -> None:
        if event.kind in ('segments', 'groups'):
            self.show()

    def show(self) -> None:
        active = self.current()
        self.segments_box.clear()
        with self.segments_box:
            items = segments.list_segments(actor=self.user)
            if not items:
                ui.label('Set filters, then save them here.').classes('text-xs text-slate-400 px-2')
            for seg in items:
                selected = seg.filters == active
                with ui.row().classes(
                    'w-full items-center no-wrap rounded px-2 py-0.5 hover:bg-slate-100'
                    + (' bg-blue-50' if selected else '')
                ):
                    ui.link(seg.name, contacts_url(seg.filters)).classes(
                        'text-sm text-slate-800 no-underline truncate flex-1'
                    ).mark(f'segment-{seg.id}')
                    if seg.shared:
                        ui.icon('groups', size='xs').classes('text-slate-400').tooltip(
                            f'Shared by {seg.owner_name}' if not seg.mine else 'Shared with the team'
                        )
                    if seg.mine or self.user.is_admin:
                        with (
                            ui.button(icon='more_vert')
                            .props('flat dense round size=xs')
                            .mark(f'segment-menu-{seg.id}')
                        ):
                            with ui.menu().props('auto-close'):
                                ui.menu_item('Rename…', on_click=lambda s=seg: self.rename(s))
                                ui.menu_item(
                                    'Stop sharing' if seg.shared else 'Share with the team',
                                    on_click=lambda s=seg: self._update(s.id, shared=not s.shared),
                                ).mark(f'segment-share-{seg.id}')
                                ui.menu_item(
                                    'Replace with the current filter',
                                    on_click=lambda s=seg: self._update(s.id, filters=self.current()),
                                ).mark(f'segment-replace-{seg.id}')
                                ui.menu_item('Delete', on_click=lambda s=seg: self._delete(s.id)).mark(
                                    f'segment-delete-{seg.id}'
                                )
        self.groups_box.clear()
        with self.groups_box:
            items = groups.list_groups(actor=self.user)
            if not items:
                ui.label('Hand-picked lists: select contacts, then "Add to group".').classes(
                    'text-xs text-slate-400 px-2'
                )
            for group in items:
                selected = active.group == group.id
                with ui.row().classes(
                    'w-full items-center no-wrap rounded px-2 py-0.5 hover:bg-slate-100'
                    + (' bg-blue-50' if selected else '')
                ):
                    ui.link(group.name, contacts_url(ContactFilter(group=group.id))).classes(
                        'text-sm text-slate-800 no-underline truncate flex-1'
                    ).mark(f'group-{group.id}')
                    ui.label(f'{group.members:,}').classes('text-xs text-slate-400')
                    with (
                        ui.button(icon='more_vert')
                        .props('flat dense round size=xs')
                        .mark(f'group-menu-{group.id}')
                    ):
                        with ui.menu().props('auto-close'):
                            ui.menu_item('Rename…', on_click=lambda g=group: self.rename_group(g.id, g.name))
                            ui.menu_item(
                                'Delete group', on_click=lambda g=group: self._delete_group(g.id)
                            ).mark(f'group-delete-{group.id}')

    def save_dialog(self) -> None:
        filters = self.current()
        with ui.dialog() as dialog, ui.card().classes('w-96 max-w-full').mark('segment-dialog'):
            ui.label('Save as segment').classes('text-lg font-semibold')
            name = ui.input('Name').props('outlined dense autofocus').classes('w-full').mark('segment-name')
            shared = ui.checkbox('Share with the team').mark('segment-shared')

            async def save() -> None:
                saved = await submit(
                    confirm,
                    segments.save_segment,
                    actor=self.user,
                    name=name.value or '',
                    filters=filters,
                    shared=bool(shared.value),
                )
                if saved:
                    dialog.close()
                    ui.notify('Segment saved.', type='positive')

            name.on('keydown.enter', save)
            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat no-caps')
                confirm = ui.button('Save', on_click=save).props('no-caps').mark('segment-save-confirm')
        dialog.open()

    def _prompt(self, title: str, value: str, on_ok: Callable[[str], Awaitable[object]]) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-96 max-w-full'):
            ui.label(title).classes('text-lg font-semibold')
            name = (
                ui.input('Name', value=value)
                .props('outlined dense autofocus')
                .classes('w-full')
                .mark('prompt-name')
            )

            async def ok() -> None:
                if not button.enabled:  # Enter or a second click while the change is being saved
                    return
                with busy(button):
                    done = await on_ok(name.value or '')
                if done is not None:
                    dialog.close()

            name.on('keydown.enter', ok)
            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat no-caps')
                button = ui.button('OK', on_click=ok).props('no-caps').mark('prompt-ok')
        dialog.open()

    def rename(self, seg) -> None:
        self._prompt('Rename segment', seg.name, lambda v: self._update(seg.id, name=v))

    async def _update(self, segment_id: int, **changes):
        return await attempt_in_thread(
            segments.update_segment, actor=self.user, segment_id=segment_id, **changes
        )

    async def _delete(self, segment_id: int) -> None:
        await attempt_in_thread(segments.delete_segment, actor=self.user, segment_id=segment_id)

    def new_group(self) -> None:
        self._prompt('New group', '', self._create_group)

    async def _create_group(self, name: str):
        return await attempt_in_thread(groups.create_group, actor=self.user, name=name)

    def rename_group(self, group_id: int, name: str) -> None:
        self._prompt('Rename group', name, lambda v: self._rename_group(group_id, v))

    async def _rename_group(self, group_id: int, name: str):
        return await attempt_in_thread(groups.rename_group, actor=self.user, group_id=group_id, name=name)

    async def _delete_group(self, group_id: int) -> None:
        await attempt_in_thread(groups.delete_group, actor=self.user, group_id=group_id)
