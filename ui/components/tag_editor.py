"""Tags of a person: pick existing tags, or (Manage Leads / Admin) create one on the spot."""

from nicegui import ui

from models import TagRead, UserRead
from services import contacts, tags
from ui.components.lead_card import safe_color
from ui.components.page_dialog import discard, page_dialog
from ui.session import attempt_in_thread, submit


class TagEditor:
    def __init__(
        self, user: UserRead, contact_id: int, current: tuple[TagRead, ...], *, editable: bool
    ) -> None:
        self.user = user
        self.contact_id = contact_id
        self.current = current
        self.editable = editable
        self.show()

    def update(self, current: tuple[TagRead, ...], *, editable: bool) -> None:
        if current != self.current or editable != self.editable:
            self.current, self.editable = current, editable
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        with ui.column().classes('w-full gap-2').mark('tag-editor'):
            with ui.row().classes('gap-1 flex-wrap'):
                if not self.current:
                    ui.label('No tags yet.').classes('text-sm text-slate-500')
                for tag in self.current:
                    ui.label(tag.name).classes('text-xs px-2 py-0.5 rounded-full text-white').style(
                        f'background-color: {safe_color(tag.color)}'
                    ).mark(f'tag-chip-{tag.name}')
            if self.editable:
                ui.button('Edit tags', icon='sell', on_click=self._edit).props(
                    'flat dense no-caps size=sm'
                ).mark('edit-tags')

    async def _edit(self) -> None:
        may_create = self.user.can_manage_leads or self.user.is_admin
        all_tags = {t.id: t.name for t in tags.list_tags()}
        with page_dialog() as dialog, ui.card().classes('w-96 max-w-full gap-3').mark('tag-dialog'):
            ui.label('Tags').classes('text-lg font-semibold')
            picker = (
                ui.select(all_tags, value=[t.id for t in self.current], multiple=True, label='Tags')
                .props('outlined dense use-chips options-dense')
                .classes('w-full')
                .mark('tag-select')
            )
            if may_create:
                with ui.row().classes('w-full no-wrap items-center gap-2'):
                    new_name = (
                        ui.input('New tag')
                        .props('outlined dense maxlength=64')
                        .classes('grow')
                        .mark('tag-new-name')
                    )

                    async def add() -> None:
                        created = await submit(
                            add_button, tags.create_tag, actor=self.user, name=new_name.value or ''
                        )
                        if created is not None:
                            all_tags[created.id] = created.name
                            picker.set_options(dict(all_tags), value=[*(picker.value or []), created.id])
                            new_name.set_value('')

                    add_button = (
                        ui.button('Add', on_click=add).props('flat dense no-caps').mark('tag-new-add')
                    )
                    new_name.on('keydown.enter', add)
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
                ui.button('Save tags', on_click=lambda: dialog.submit(list(picker.value or []))).props(
                    'unelevated no-caps'
                ).mark('tag-save')
        chosen = await dialog
        discard(dialog)
        if chosen is None:
            return
        result = await attempt_in_thread(
            contacts.set_tags, actor=self.user, contact_id=self.contact_id, tag_ids=chosen
        )
        if result is not None:
            self.current = tuple(result)
            self.show.refresh()
