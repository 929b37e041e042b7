"""The bar of bulk actions above the contacts table: tag, untag, add to group, assign, export, delete —
on the ticked rows or on all rows matching the filter."""

import tempfile
from pathlib import Path

from nicegui import run, ui

from models import UserRead
from services import claims, contact_bulk, contact_export, contact_list, groups
from services.errors import DomainError
from ui import live
from ui.components.contact_table import ContactTable
from ui.session import attempt, submit


class ContactBulkBar:
    def __init__(self, user: UserRead, table: ContactTable) -> None:
        self.user = user
        self.table = table
        self._menus: list = []
        with (
            ui.row()
            .classes('w-full items-center gap-2 wrap bg-blue-50 rounded px-3 py-1')
            .mark('bulk-bar') as self.root
        ):
            self.count = ui.label().classes('text-sm font-medium text-slate-700').mark('bulk-count')
            self.all_link = (
                ui.button(on_click=lambda: self.table.select_all_matching(True))
                .props('flat dense no-caps color=primary')
                .mark('bulk-select-all')
            )
            ui.space()
            self._menu_button('Add tag', 'sell', 'bulk-add-tag', self._tag_menu, add=True)
            self._menu_button('Remove tag', 'label_off', 'bulk-remove-tag', self._tag_menu, add=False)
            self._menu_button('Add to group', 'group_add', 'bulk-add-group', self._group_menu)
            self.ungroup = (
                ui.button('Remove from group', icon='group_remove', on_click=self._remove_from_group)
                .props('flat dense no-caps')
                .mark('bulk-remove-group')
            )
            if user.can_manage_leads:
                self._menu_button('Assign', 'person', 'bulk-assign', self._assign_menu)
            ui.button('Export CSV', icon='download', on_click=self.export).props('flat dense no-caps').mark(
                'bulk-export'
            )
            if user.can_manage_leads:
                ui.button('Delete', icon='delete', on_click=self.confirm_delete).props(
                    'flat dense no-caps color=negative'
                ).mark('bulk-delete')
            ui.button(icon='close', on_click=self.table.clear_selection).props(
                'flat dense round size=sm'
            ).mark('bulk-clear').tooltip('Clear the selection')
        table.on_selection(self.refresh)
        self.fill_menus()
        self.refresh()
        live.tags_changed.subscribe(self.fill_menus)
        live.users_changed.subscribe(self.fill_menus)
        live.contacts_changed.subscribe(self._on_contacts_changed)

    def _on_contacts_changed(self, event) -> None:
        if event.kind == 'groups':
            self.fill_menus()

    def _menu_button(self, label: str, icon: str, marker: str, fill, **kwargs) -> None:
        with ui.button(label, icon=icon).props('flat dense no-caps').mark(marker):
            menu = ui.menu().props('auto-close')
        self._menus.append((menu, fill, kwargs))

    def fill_menus(self, *_args) -> None:
        """Menus list current tags, groups and users; rebuilt when those change anywhere."""
        for menu, fill, kwargs in self._menus:
            fill(menu, **kwargs)

    def refresh(self) -> None:
        size = self.table.selection_size()
        self.root.set_visibility(size > 0)
        self.count.set_text(f'{size:,} selected' + (' (all matching)' if self.table.all_matching else ''))
        page_full = self.table.page_fully_selected() and self.table.total > size
        self.all_link.set_text(f'Select all {self.table.total:,} matching')
        self.all_link.set_visibility(page_full and not self.table.all_matching)
        self.ungroup.set_visibility(self.table.state.filters.group is not None)

    async def _remove_from_group(self) -> None:
        group_id = self.table.state.filters.group
        if group_id is None:
            return
        count = await self._run(groups.remove_members, group_id=group_id)
        if count is not None:
            ui.notify(f'Removed {count:,} from the group.', type='positive')

    def _tag_menu(self, menu: ui.menu, *, add: bool) -> None:
        menu.clear()
        with menu:
            tags = contact_list.facets(actor=self.user).tags
            if not tags:
                ui.menu_item('No tags yet — add them in Settings → Tags').props('disable')
            for tag in tags:
                marker = f'bulk-{"add" if add else "remove"}-tag-{tag.id}'
                ui.menu_item(tag.name, on_click=lambda t=tag: self._tag(t.id, t.name, add)).mark(marker)

    async def _tag(self, tag_id: int, name: str, add: bool) -> None:
        fn = contact_bulk.add_tag if add else contact_bulk.remove_tag
        count = await self._run(fn, tag_id=tag_id)
        if count is not None:
            verb = 'Tagged' if add else 'Removed the tag from'
            ui.notify(f'{verb} {count:,} contact{"s" if count != 1 else ""} ({name}).', type='positive')

    def _group_menu(self, menu: ui.menu) -> None:
        menu.clear()
        with menu:
            ui.menu_item('New group…', on_click=self._new_group).props('icon=add').mark('bulk-new-group')
            for group in groups.list_groups(actor=self.user):
                ui.menu_item(group.name, on_click=lambda g=group: self._add_to_group(g.id, g.name)).mark(
                    f'bulk-group-{group.id}'
                )

    async def _add_to_group(self, group_id: int, name: str) -> None:
        count = await self._run(groups.add_members, group_id=group_id)
        if count is not None:
            ui.notify(f'Added {count:,} to {name}.', type='positive')

    def _new_group(self) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-96'):
            ui.label('New group').classes('text-lg font-semibold')
            name = ui.input('Name').props('outlined dense autofocus').classes('w-full').mark('new-group-name')

            async def create() -> None:
                group = await submit(button, groups.create_group, actor=self.user, name=name.value or '')
                if group is not None:
                    dialog.close()
                    await self._add_to_group(group.id, group.name)

            name.on('keydown.enter', create)
            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat no-caps')
                button = (
                    ui.button('Create and add', on_click=create).props('no-caps').mark('new-group-create')
                )
        dialog.open()

    def _assign_menu(self, menu: ui.menu) -> None:
        menu.clear()
        with menu:
            users = attempt(claims.assignable_users, actor=self.user) or []
            for u in users:
                ui.menu_item(u.display_name, on_click=lambda u=u: self._assign(u.id, u.display_name)).mark(
                    f'bulk-assign-{u.id}'
                )
            ui.menu_item('Nobody (back to the pool)', on_click=lambda: self._assign(None, 'the pool'))

    async def _assign(self, owner_id: int | None, name: str) -> None:
        count = await self._run(contact_bulk.assign_owner, owner_id=owner_id)
        if count is not None:
            ui.notify(f'{count:,} open lead{"s" if count != 1 else ""} assigned to {name}.', type='positive')

    async def export(self) -> None:
        path = Path(tempfile.mkdtemp(prefix='leadboard-export-')) / 'contacts.csv'
        count = await self._run(contact_export.export_contacts, path=path, keep_selection=True)
        if count is not None:
            data = path.read_bytes()
            path.unlink(missing_ok=True)
            path.parent.rmdir()
            ui.download.content(data, 'contacts.csv', 'text/csv')
            ui.notify(f'Exported {count:,} row{"s" if count != 1 else ""}.', type='positive')

    async def confirm_delete(self) -> None:
        selection = self.table.selection()
        impact = attempt(contact_bulk.delete_impact, actor=self.user, selection=selection)
        if impact is None:
            return
        with ui.dialog() as dialog, ui.card().classes('w-[28rem] max-w-full').mark('delete-dialog'):
            ui.label(f'Delete {impact.contacts:,} contact{"s" if impact.contacts != 1 else ""}?').classes(
                'text-lg font-semibold'
            )
            ui.label(impact.message).classes('text-slate-700').mark('delete-impact')
            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat no-caps')
                ui.button('Delete', on_click=lambda: dialog.submit(True)).props(
                    'no-caps color=negative'
                ).mark('delete-confirm')
        if await dialog:
            done = await self._run(contact_bulk.delete_contacts, selection=selection)
            if done is not None:
                ui.notify(
                    done.message.replace('This deletes', 'Deleted').replace(' It cannot be undone.', '')
                )

    async def _run(self, fn, keep_selection: bool = False, selection=None, **kwargs):
        try:
            result = await run.io_bound(
                fn, actor=self.user, selection=selection or self.table.selection(), **kwargs
            )
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return None
        if not keep_selection:
            self.table.clear_selection()
        await self.table.load()
        return result
