"""The shape shared by the lead page's live sections: built from a LeadDetail, redrawn with a newer one."""

from collections.abc import Callable

from nicegui import ui

from models import UserRead
from services.lead_view import LeadDetail


class LeadSection:
    """Subclasses define `show` as a `@ui.refreshable_method` drawing `self.detail`."""

    def __init__(self, user: UserRead, detail: LeadDetail, on_change: Callable[[], None]) -> None:
        self.user = user
        self.detail = detail
        self.on_change = on_change
        # code after an awaited save runs in the page's context: the section it started from has most
        # likely been redrawn by the save's own live update by then
        self.client = ui.context.client
        self.show()

    def update(self, detail: LeadDetail) -> None:
        self.detail = detail
        self.show.refresh()

    def show(self) -> None:
        raise NotImplementedError
