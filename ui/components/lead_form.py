"""The lead page's edit form. It keeps the versions it was loaded with: a save after someone else's save is
refused by the service (optimistic concurrency) instead of overwriting their work."""

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from nicegui import ui

from models import UserRead
from services import app_settings, lead_work
from services.lead_view import LeadDetail
from ui.session import attempt_in_thread


@dataclass
class LeadFields:
    name: str = ''
    email: str = ''
    phone: str = ''
    company: str = ''
    job_title: str = ''
    city: str = ''
    state: str = ''
    country: str = ''
    region: str = ''
    source: str = ''
    product_type: str = ''
    value: str = ''

    @classmethod
    def of(cls, detail: LeadDetail) -> 'LeadFields':
        c, lead = detail.contact, detail.lead
        return cls(
            **{f: getattr(c, f) for f in ('name', 'email', 'phone', 'company', 'job_title', 'city')},
            state=c.state,
            country=c.country,
            region=c.region,
            source=lead.source,
            product_type=lead.product_type,
            value='' if lead.value is None else f'{lead.value:.2f}',
        )

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) or '' for f in fields(self)}


class LeadForm:
    def __init__(self, user: UserRead, detail: LeadDetail, on_saved: Callable[[], None]) -> None:
        self.user = user
        self.on_saved = on_saved
        self.loaded = LeadFields.of(detail)
        self.form = LeadFields.of(detail)
        self.lead_id = detail.lead.id
        self.contact_version = detail.contact.version
        self.lead_version = detail.lead.version
        self.editable = detail.can_work
        self._saving = False
        self.fields: list[ui.element] = []
        settings = app_settings.get_all()
        with ui.column().classes('w-full gap-3').mark('lead-form'):
            self.stale = ui.row().classes(
                'w-full items-center gap-2 rounded bg-amber-50 text-amber-900 px-3 py-2 text-sm'
            )
            self.stale.set_visibility(False)
            with self.stale:
                ui.icon('sync_problem')
                self.stale_text = ui.label().classes('grow').mark('stale-notice')
                ui.button('Reload', on_click=lambda: ui.navigate.reload()).props('flat dense no-caps')
            with ui.grid().classes('w-full gap-x-3 gap-y-2 grid-cols-1 sm:grid-cols-2'):
                self._input('Name *', 'name')
                self._input('Company', 'company')
                self._input('Email', 'email').props('type=email')
                self._input('Phone', 'phone').props('type=tel')
                self._input('Job title', 'job_title')
                self._select('Source', 'source', settings['lead_sources'])
                self._input('City', 'city')
                self._input('State / province', 'state')
                self._input('Country', 'country')
                self._select('Region', 'region', settings['regions'])
                self._select('Product type', 'product_type', settings['product_types'])
                self._input('Value', 'value').props('type=number min=0 step=0.01 prefix=$')
            with ui.row().classes('w-full items-center gap-2'):
                ui.label('Name and a phone number or an email address are required.').classes(
                    'text-xs text-slate-500 grow'
                )
                self.save_button = ui.button('Save', icon='save', on_click=self.save).props(
                    'unelevated no-caps'
                )
                self.save_button.mark('save-lead')
                self.save_button.set_enabled(self.editable)

    def _input(self, label: str, name: str) -> ui.input:
        field = (
            ui.input(label)
            .props('outlined dense')
            .classes('w-full')
            .bind_value(self.form, name)
            .mark(f'field-{name}')
        )
        field.set_enabled(self.editable)
        self.fields.append(field)
        return field

    def _select(self, label: str, name: str, choices: list[str]) -> ui.select:
        current = getattr(self.form, name)
        options = list(dict.fromkeys([*choices, *([current] if current else [])]))
        field = (
            ui.select(options, label=label, clearable=True)
            .props('outlined dense options-dense')
            .classes('w-full')
            .bind_value(self.form, name, forward=lambda v: v or '', backward=lambda v: v or None)
            .mark(f'field-{name}')
        )
        field.set_enabled(self.editable)
        self.fields.append(field)
        return field

    @property
    def dirty(self) -> bool:
        return self.form.as_dict() != self.loaded.as_dict()

    def reload(self, detail: LeadDetail, *, by_other: str = '', own: bool = True) -> None:
        """Take the saved values, unless the user is mid-edit: their typing is never thrown away.

        Mid-edit, someone else's change shows a notice (and the old versions stay, so a save is refused
        rather than overwriting theirs); the user's own action elsewhere on the page (a claim, a call) only
        moves the versions on; anything else (`own=False`, e.g. a renamed tag) leaves the form alone."""
        if self.dirty:
            if by_other:
                self.stale_text.set_text(f'{by_other} changed this lead — reload to see the changes.')
                self.stale.set_visibility(True)
            elif own and not self.stale.visible:
                self.contact_version = detail.contact.version
                self.lead_version = detail.lead.version
            self._set_editable(detail.can_work)
            return
        self.loaded = LeadFields.of(detail)
        for name, value in self.loaded.as_dict().items():
            setattr(self.form, name, value)
        self.contact_version = detail.contact.version
        self.lead_version = detail.lead.version
        self._set_editable(detail.can_work)

    def _set_editable(self, editable: bool) -> None:
        if editable != self.editable:
            self.editable = editable
            for field in self.fields:
                field.set_enabled(editable)
        self.save_button.set_enabled(editable)

    async def save(self) -> None:
        if self._saving:  # a second click while the first save waits (an import holds the write lock)
            return
        if not self.dirty:
            ui.notify('Nothing to save: no field was changed.')
            return
        values = self.form.as_dict()
        self._saving = True
        self.save_button.props('loading')
        try:
            saved = await attempt_in_thread(
                lead_work.save_lead_fields,
                actor=self.user,
                lead_id=self.lead_id,
                values=values,
                contact_version=self.contact_version,
                lead_version=self.lead_version,
            )
        finally:
            self._saving = False
            self.save_button.props(remove='loading')
        if saved is not None:
            self.stale.set_visibility(False)
            self.loaded = LeadFields(**values)
            ui.notify('Saved.', type='positive')
            self.on_saved()
