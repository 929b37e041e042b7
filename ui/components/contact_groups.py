"""A contact's groups, for its page: chips with a remove button, and "Add to group" (an existing group or a
new one). Ready to drop into the contact page: `ContactGroupsSection(user, contact_id)`."""

from nicegui import ui

from models import UserRead
from services import groups
from services.contact_bulk import Selection
from ui import live
from ui.session import attempt_in_thread, busy


class ContactGroupsSection:
    def __init__(self, user: UserRead, contact_id: int) -> None:
        self.user = user
        self.contact_id = contact_id
        with ui.column().classes('w-full gap-1').mark('contact-groups'):
            ui.label('Groups').classes('text-sm font-semibold text-slate-700 uppercase tracking-wide')
            self.chips = ui.row().classes('w-full gap-1 items-center wrap')
            with ui.row().classes('items-center gap-2'):
                self.picker = (
                    ui.select({}, label='Add to group', with_input=True, new_value_mode='add-unique')
                    .props('outlined dense options-dense hide-bottom-space')
                    .classes('min-w-48')
                    .mark('contact-group-add')
                )
                self.picker.on_value_change(self._picked)
        self.show()
        live.contacts_changed.subscribe(self._changed)

    def _changed(self, event) -> None:
        if event.kind == 'groups' and (not event.contact_ids or self.contact_id in event.contact_ids):
            self.show()

    def show(self) -> None:
        mine = groups.groups_of(actor=self.user, contact_id=self.contact_id)
        self.chips.clear()
        with self.chips:
            if not mine:
                ui.label('In no group yet.').classes('text-sm text-slate-400')
            for group in mine:
                with ui.element('span').classes(
                    'inline-flex items-center gap-1 rounded bg-slate-100 text-slate-700 text-sm pl-2 pr-1'
                ):
                    ui.link(group.name, f'/contacts?group={group.id}').classes('no-underline text-slate-700')
                    ui.button(icon='close', on_click=lambda g=group: self._remove(g.id)).props(
                        'flat dense round size=xs'
                    ).mark(f'contact-group-remove-{group.id}')
        member_of = {g.id for g in mine}
        options = {g.id: g.name for g in groups.list_groups(actor=self.user) if g.id not in member_of}
        self.picker.set_options(options, value=None)

    async def _picked(self) -> None:
        value = self.picker.value
        if value is None or value == '':
            return
        group_id = value
        with busy(self.picker):  # no second pick while this one is being saved
            if not isinstance(value, int):  # typed a new name
                created = await attempt_in_thread(groups.create_group, actor=self.user, name=str(value))
                if created is None:
                    self.show()
                    return
                group_id = created.id
            await attempt_in_thread(
                groups.add_members,
                actor=self.user,
                group_id=group_id,
                selection=Selection(ids=(self.contact_id,)),
            )
        self.show()

    async def _remove(self, group_id: int) -> None:
        await attempt_in_thread(
            groups.remove_members,
            actor=self.user,
            group_id=group_id,
            selection=Selection(ids=(self.contact_id,)),
        )
        self.show()
