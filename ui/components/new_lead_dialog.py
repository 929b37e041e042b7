"""The New lead dialog (PRODUCT §5): a person, how to reach them, and what the pipeline needs.
Validation lives in LeadCreate and create_lead; the dialog shows their message and keeps what was typed."""

from datetime import datetime

from nicegui import ui

from models import LeadRead, UserRead
from services.board_list import FilterOptions
from services.errors import DomainError
from ui.components.duplicate_prompt import create_lead_checked
from ui.session import busy


class NewLeadDialog:
    def __init__(self, user: UserRead, options: FilterOptions) -> None:
        self.user = user
        with (
            ui.dialog() as self.dialog,
            ui.card().classes('w-[40rem] max-w-full gap-3 p-5').mark('new-lead-dialog'),
        ):
            ui.label('New lead').classes('text-lg font-semibold')
            with ui.grid(columns=2).classes('w-full gap-x-3 gap-y-2 max-sm:grid-cols-1'):
                self.name = self._input('Name *', 'new-lead-name').props('autofocus')
                self.company = self._input('Company', 'new-lead-company')
                self.email = self._input('Email', 'new-lead-email').props('type=email')
                self.phone = self._input('Phone', 'new-lead-phone').props('type=tel')
                self.source = self._select('Source', list(options.sources), 'new-lead-source')
                self.product = self._select('Product type', list(options.product_types), 'new-lead-product')
                self.city = self._input('City', 'new-lead-city')
                self.state = self._input('State / province', 'new-lead-state')
                self.country = self._input('Country', 'new-lead-country')
                self.region = self._select('Region', list(options.regions), 'new-lead-region')
                self.tags = self._select(
                    'Tags', {t.id: t.name for t in options.tags}, 'new-lead-tags', multiple=True
                ).props('use-chips')
                self.next_call = self._input('Next call', 'new-lead-next-call').props(
                    'type=datetime-local stack-label'
                )
                self.client = self._select('Client (upsell)', dict(options.clients), 'new-lead-client')
                self.client.props('use-input input-debounce=0')
                if user.can_manage_leads:
                    owners = {u.id: u.display_name or u.username for u in options.users}
                    self.owner = self._select('Assigned to', owners, 'new-lead-owner')
                else:
                    self.owner = None
            self.notes = (
                ui.textarea('Notes').props('outlined dense autogrow').classes('w-full').mark('new-lead-notes')
            )
            ui.label('Name and a phone number or an email address are required.').classes(
                'text-xs text-slate-500'
            )
            self.error = ui.label().classes('text-sm text-red-700').mark('new-lead-error')
            self.error.set_visibility(False)
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=self.dialog.close).props('flat no-caps')
                self.submit = (
                    ui.button('Create lead', icon='add', on_click=self._submit)
                    .props('unelevated no-caps')
                    .mark('new-lead-submit')
                )

    def open(self) -> None:
        self.error.set_visibility(False)
        self.dialog.open()

    def _input(self, label: str, marker: str) -> ui.input:
        return ui.input(label).props('outlined dense').classes('w-full').mark(marker)

    def _select(self, label: str, options, marker: str, *, multiple: bool = False) -> ui.select:
        return (
            ui.select(options, label=label, multiple=multiple, clearable=True)
            .props('outlined dense options-dense')
            .classes('w-full')
            .mark(marker)
        )

    def data(self) -> dict:
        """The form as LeadCreate input."""
        return {
            'name': self.name.value,
            'email': self.email.value,
            'phone': self.phone.value,
            'company': self.company.value,
            'source': self.source.value or '',
            'product_type': self.product.value or '',
            'city': self.city.value,
            'state': self.state.value,
            'country': self.country.value,
            'region': self.region.value or '',
            'tag_ids': list(self.tags.value or []),
            'next_call_at': _local_time(self.next_call.value),
            'client_id': self.client.value,
            'owner_id': self.owner.value if self.owner is not None else None,
            'notes': self.notes.value,
        }

    def _show_error(self, message: str) -> None:
        self.error.set_text(message)
        self.error.set_visibility(True)

    async def _submit(self) -> None:
        try:
            data = self.data()
            # the duplicate prompt (add to an existing person / keep both / cancel) comes before saving;
            # no second click meanwhile, or the lead would be created twice
            with busy(self.submit):
                lead = await create_lead_checked(self.user, data)
            if lead is None:
                return
        except ValueError:
            self._show_error('Please enter the next call as a date and a time.')
            return
        except DomainError as e:
            self._show_error(str(e))
            return
        self._created(lead, data['name'])

    def _created(self, lead: LeadRead, name: str) -> None:
        self.dialog.close()
        ui.notify(f'Lead “{name.strip()}” created in New.', type='positive')
        for field in (self.name, self.email, self.phone, self.company, self.city, self.state, self.country):
            field.set_value('')
        for select in (self.source, self.product, self.region, self.client, self.owner):
            if select is not None:
                select.set_value(None)
        self.tags.set_value([])
        self.next_call.set_value('')
        self.notes.set_value('')


def _local_time(value: str | None) -> datetime | None:
    """A datetime-local value ('2026-05-04T09:30') in the server's time zone, as an aware datetime."""
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone()
