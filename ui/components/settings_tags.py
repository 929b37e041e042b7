"""Settings → Tags: add, search, rename inline, recolor, merge and delete (with its usage stated)."""

from nicegui import ui

from models import UserRead
from services import tags
from services.tags import TagUsage
from ui import live
from ui.components.inline_names import InlineNames, save_color
from ui.components.settings_color import color_button
from ui.session import attempt, attempt_in_thread, submit


def records_text(count: int) -> str:
    return '1 record' if count == 1 else f'{count:,} records'


class TagList:
    def __init__(self, actor: UserRead, region: str | None) -> None:
        self.actor = actor
        self.region = region
        self.search = ''
        self.names = InlineNames('Tag')
        self.usage_labels: dict[int, ui.label] = {}
        # subscribed inside the page's UI context: NiceGUI drops them when the client goes away
        live.tags_changed.subscribe(self.on_tags_changed)
        live.contacts_changed.subscribe(self.update_usage)

    def on_tags_changed(self) -> None:
        self.show.refresh()

    def update_usage(self) -> None:
        """Contacts were tagged or untagged somewhere: new counts, without disturbing an edit in progress."""
        overview = attempt(tags.tag_overview, actor=self.actor, region=self.region)
        for tag in overview or []:
            label = self.usage_labels.get(tag.id)
            if label is not None:
                label.set_text(f'Used on {records_text(tag.usage)}')

    def set_search(self, text: str | None) -> None:
        self.search = (text or '').strip().casefold()
        self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        overview = attempt(tags.tag_overview, actor=self.actor, region=self.region)
        if overview is None:
            return
        self.usage_labels.clear()
        shown = [t for t in overview if self.search in t.name.casefold()]
        with ui.column().classes('w-full gap-2').mark('tag-list'):
            if not overview:
                ui.label('No tags yet. Add the first one above.').classes('text-slate-500 py-4')
            elif not shown:
                ui.label('No tag matches the search.').classes('text-slate-500 py-4')
            for tag in shown:
                self._row(tag, overview)
        if overview:
            where = f' in region {self.region}' if self.region else ''
            ui.label(f'{len(overview)} tags; counts are records{where}.').classes('text-xs text-slate-400')

    def _row(self, tag: TagUsage, everyone: list[TagUsage]) -> None:
        with (
            ui.card().classes('w-full px-3 py-2').props('flat bordered').mark(f'tag-{tag.id}'),
            ui.row().classes('w-full items-center gap-x-3 gap-y-1 flex-wrap sm:flex-nowrap'),
        ):
            color_button(
                tag.color,
                lambda color, t=tag: save_color(
                    lambda: attempt_in_thread(tags.recolor_tag, actor=self.actor, tag_id=t.id, color=color)
                ),
                marker=f'tag-color-{tag.id}',
                label='Change the tag color',
            )
            name = (
                ui.input(value=tag.name)
                .props('dense borderless maxlength=64 aria-label="Tag name"')
                .classes('grow min-w-[8rem] font-medium rounded px-1 hover:bg-slate-100')
                .mark(f'tag-name-{tag.id}')
            )
            self.names.watch(
                name,
                tag.id,
                lambda wanted, t=tag: attempt_in_thread(
                    tags.rename_tag, actor=self.actor, tag_id=t.id, name=wanted
                ),
            )
            with ui.row().classes('items-center gap-1 no-wrap max-sm:w-full max-sm:pl-11'):
                self.usage_labels[tag.id] = (
                    ui.label(f'Used on {records_text(tag.usage)}')
                    .classes('text-sm text-slate-500 whitespace-nowrap mr-2')
                    .mark(f'tag-usage-{tag.id}')
                )
                ui.button(
                    icon='merge', color='grey-8', on_click=lambda t=tag: self._merge(t, everyone)
                ).props('flat round dense size=sm aria-label="Merge into another tag"').tooltip(
                    'Merge into another tag'
                ).mark(f'tag-merge-{tag.id}')
                ui.button(
                    icon='delete_outline', color='negative', on_click=lambda t=tag: self._delete(t)
                ).props('flat round dense size=sm aria-label="Delete tag"').tooltip('Delete').mark(
                    f'tag-delete-{tag.id}'
                )

    def _merge(self, tag: TagUsage, everyone: list[TagUsage]) -> None:
        others = {t.id: t.name for t in everyone if t.id != tag.id}
        if not others:
            ui.notify('There is no other tag to merge into.', type='warning')
            return
        with ui.dialog() as dialog, ui.card().classes('w-[30rem] max-w-full gap-3'):
            ui.label(f"Merge '{tag.name}' into another tag").classes('text-lg font-semibold')
            ui.label(
                f"Every record tagged '{tag.name}' gets the tag you choose (records that have both keep "
                f"one), then '{tag.name}' is removed."
            ).classes('text-slate-600')
            target = (
                ui.select(others, label='Keep this tag', with_input=True)
                .props('outlined')
                .classes('w-full')
                .mark('merge-target')
            )

            async def confirm() -> None:
                if target.value is None:
                    ui.notify('Choose the tag to keep.', type='warning')
                    return
                kept = await attempt_in_thread(
                    tags.merge_tags, actor=self.actor, source_id=tag.id, target_id=target.value
                )
                if kept is not None:
                    dialog.close()
                    ui.notify(f"'{tag.name}' merged into '{kept.name}'.", type='positive')

            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat')
                ui.button('Merge', on_click=confirm).props('unelevated').mark('merge-confirm')
        dialog.open()

    def _delete(self, tag: TagUsage) -> None:
        # counted afresh and over every region: the delete removes it everywhere
        count = attempt(tags.usage_count, actor=self.actor, tag_id=tag.id)
        if count is None:
            return
        with ui.dialog() as dialog, ui.card().classes('w-[28rem] max-w-full gap-3'):
            ui.label(f"Delete the tag '{tag.name}'?").classes('text-lg font-semibold')
            question = (
                f'Used on {records_text(count)} — delete anyway?'
                if count
                else 'Not used on any record — delete it?'
            )
            ui.label(question).classes('text-slate-700').mark('delete-tag-question')
            if count:
                ui.label('The records stay; only this tag is taken off them.').classes(
                    'text-sm text-slate-500'
                )

            async def confirm() -> None:
                done = await attempt_in_thread(tags.delete_tag, actor=self.actor, tag_id=tag.id)
                if done is not None:
                    dialog.close()
                    ui.notify(
                        f"Tag '{done.name}' deleted"
                        + (
                            f' and removed from {records_text(done.removed_from)}.'
                            if done.removed_from
                            else '.'
                        ),
                        type='positive',
                    )

            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat')
                ui.button('Delete anyway' if count else 'Delete', on_click=confirm).props(
                    'unelevated color=negative'
                ).mark('delete-tag-confirm')
        dialog.open()


def add_tag_row(actor: UserRead) -> None:
    with ui.row().classes('w-full items-center gap-2 flex-wrap sm:flex-nowrap').mark('add-tag-row'):
        name = (
            ui.input('New tag name')
            .props('outlined dense maxlength=64')
            .classes('grow min-w-[12rem]')
            .mark('new-tag-name')
        )

        async def add() -> None:
            created = await submit(button, tags.create_tag, actor=actor, name=name.value or '')
            if created is not None:
                ui.notify(f"Tag '{created.name}' added.", type='positive')
                name.value = ''

        name.on('keydown.enter', add)
        button = ui.button('Add tag', icon='add', on_click=add).props('unelevated no-caps').mark('add-tag')
