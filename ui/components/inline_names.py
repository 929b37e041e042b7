"""Renaming and recoloring an item of a settings list (a stage, a tag) in place."""

from collections.abc import Awaitable, Callable
from typing import Protocol

from nicegui import ui


class Named(Protocol):
    @property
    def name(self) -> str: ...


class InlineNames:
    """The names a list last showed or saved, and the renames being saved. A name field saves on Enter and
    on leaving it; both arrive for one edit, so only the first saves, also while it is in flight."""

    def __init__(self, what: str) -> None:
        self.what = what  # 'Stage', 'Tag': the notification says "Stage renamed to …"
        self.saved: dict[int, str] = {}  # item id → its name as last shown or saved
        self._renaming: set[int] = set()

    def watch(self, field: ui.input, item_id: int, save: Callable[[str], Awaitable[Named | None]]) -> None:
        """Save `field`'s text as item `item_id`'s name with `save(text)` (None: refused, already shown).
        The field shows the saved name now: a list redrawn by a live update watches its new fields."""
        self.saved[item_id] = field.value or ''
        field.on('keydown.enter', lambda: self._rename(field, item_id, save))
        field.on('blur', lambda: self._rename(field, item_id, save))

    async def _rename(
        self, field: ui.input, item_id: int, save: Callable[[str], Awaitable[Named | None]]
    ) -> None:
        wanted = field.value or ''
        saved = self.saved.get(item_id, '')
        if wanted.strip() == saved or item_id in self._renaming:
            return
        self._renaming.add(item_id)
        try:
            # the rename's own live update redraws the list, this field included
            with ui.context.client:
                renamed = await save(wanted)
                if renamed is None:
                    field.value = saved
                else:
                    self.saved[item_id] = renamed.name
                    ui.notify(f"{self.what} renamed to '{renamed.name}'.", type='positive')
        finally:
            self._renaming.discard(item_id)


async def save_color(save: Callable[[], Awaitable[Named | None]]) -> None:
    """Run a recolor; its own live update redraws the swatch, so the notification goes to the page."""
    with ui.context.client:
        recolored = await save()
        if recolored is not None:
            ui.notify(f"Color of '{recolored.name}' changed.", type='positive')
