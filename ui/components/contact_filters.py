"""Search and filters above the contacts table. Every change produces a new ContactFilter, which the page
writes into the URL (a reload or a shared link shows the same view)."""

import inspect
from collections.abc import Callable

from nicegui import ui

from models import UserRead
from services import contact_list
from services.contact_filter import ContactFilter
from services.contact_list import Facets
from ui import live
from ui.components.search_hint import explain_short_queries

STATUS = {'contact': 'Contact', 'lead': 'Lead', 'client': 'Client'}
CONTACTED = {'never': 'Never contacted', 'before': 'Last contacted before', 'after': 'Last contacted after'}
CALLS = {'some': 'With calls', 'none': 'No calls'}


class ContactFilters:
    def __init__(
        self,
        user: UserRead,
        filters: ContactFilter,
        on_change: Callable[[ContactFilter], None],
        on_save: Callable[[], None] | None = None,
    ) -> None:
        self.user = user
        self.filters = filters
        self._on_change = on_change
        self._updating = False
        with ui.column().classes('w-full gap-2').mark('contact-filters'):
            with ui.row().classes('w-full items-center gap-2 wrap'):
                self.search = (
                    ui.input(placeholder='Search name, email, phone, company', value=filters.q)
                    .props('outlined dense clearable debounce=250 autocomplete=off')
                    .classes('w-72 max-sm:w-full bg-white')
                    .mark('contacts-search')
                )
                with self.search.add_slot('prepend'):
                    ui.icon('search').classes('text-slate-400')
                self.search.on_value_change(self._changed)
                explain_short_queries(self.search)
                self.status = self._select('Status', 'filter-status', STATUS)
                self.tags = self._select('Tags', 'filter-tags', {}, multiple=True).props('use-chips')
                self.group = self._select('Group', 'filter-group', {})
                self.source = self._select('Source', 'filter-source', {})
                self.more = (
                    ui.button('More filters', icon='tune', on_click=self._toggle_more)
                    .props('flat dense no-caps color=grey-8')
                    .classes('sm:hidden')
                    .mark('filter-more')
                )
                self.clear = (
                    ui.button('Clear', icon='filter_alt_off', on_click=self._clear_all)
                    .props('flat dense no-caps color=grey-8')
                    .mark('filter-clear')
                )
                self.save = (
                    ui.button('Save as segment', icon='bookmark_add', on_click=on_save)
                    .props('flat dense no-caps color=primary')
                    .mark('filter-save-segment')
                )
                self.save.set_visibility(False)
                self._can_save = on_save is not None
            # on a phone the second row folds away behind "More filters" unless one of its filters is set
            with ui.row().classes('w-full items-center gap-2 wrap') as self.second_row:
                self.city = self._select('City', 'filter-city', {})
                self.state = self._select('State/province', 'filter-state', {})
                self.country = self._select('Country', 'filter-country', {})
                self.contacted = self._select('Last contacted', 'filter-contacted', CONTACTED).classes(
                    'min-w-52'
                )
                self.contacted_on = (
                    ui.input('Date', value=filters.contacted_on.isoformat() if filters.contacted_on else '')
                    .props('outlined dense type=date stack-label')
                    .classes('w-40 bg-white')
                    .mark('filter-contacted-on')
                )
                self.contacted_on.on_value_change(self._changed)
                self.calls = self._select('Calls', 'filter-calls', CALLS).classes('min-w-32')
                self.calls_days = (
                    ui.number('in the last … days', value=filters.calls_days or 30, min=1, max=3650, step=1)
                    .props('outlined dense')
                    .classes('w-40 bg-white')
                    .mark('filter-calls-days')
                )
                self.calls_days.on_value_change(self._changed)
        self._fill(contact_list.facets(actor=user))
        f = filters
        if not (f.city or f.state or f.country or f.contacted or f.calls):
            self.second_row.classes('max-sm:hidden')
        self._sync()
        live.tags_changed.subscribe(self.reload_options)
        live.contacts_changed.subscribe(self._on_contacts_changed)

    def _select(self, label: str, marker: str, options: dict, *, multiple: bool = False) -> ui.select:
        select = (
            ui.select(options, label=label, multiple=multiple, clearable=True)
            .props('outlined dense options-dense')
            .classes('min-w-32 max-sm:flex-1 bg-white')
            .mark(marker)
        )
        select.on_value_change(self._changed)
        return select

    def _fill(self, facets: Facets) -> None:
        f = self.filters
        self._updating = True
        try:
            self.status.set_value(f.status or None)
            tag_options = {t.id: t.name for t in facets.tags}
            self.tags.set_options(tag_options, value=[t for t in f.tags if t in tag_options])
            groups = dict(facets.groups)
            self.group.set_options(groups, value=f.group if f.group in groups else None)
            for select, values, current in (
                (self.source, facets.sources, f.source),
                (self.city, facets.cities, f.city),
                (self.state, facets.states, f.state),
                (self.country, facets.countries, f.country),
            ):
                options = {v: v for v in values}
                if current and current not in options:
                    options[current] = current
                select.set_options(options, value=current or None)
            self.contacted.set_value(f.contacted or None)
            self.calls.set_value(f.calls or None)
        finally:
            self._updating = False

    def reload_options(self) -> None:
        self._fill(contact_list.facets(actor=self.user))

    def _on_contacts_changed(self, event) -> None:
        if event.kind in ('groups', 'imported', 'created', 'deleted'):
            self.reload_options()

    def _read(self) -> ContactFilter:
        return ContactFilter(
            q=self.search.value or '',
            status=self.status.value or '',
            tags=tuple(self.tags.value or ()),
            group=self.group.value,
            source=self.source.value or '',
            city=self.city.value or '',
            state=self.state.value or '',
            country=self.country.value or '',
            contacted=self.contacted.value or '',
            contacted_on=self.contacted_on.value or None,
            calls=self.calls.value or '',
            calls_days=int(self.calls_days.value or 0) if self.calls.value else 0,
        )

    def set_filters(self, filters: ContactFilter) -> None:
        """Show a segment's filter (without announcing a change: the page already knows)."""
        self.filters = filters
        self._updating = True
        try:
            self.search.set_value(filters.q)
            self.contacted_on.set_value(filters.contacted_on.isoformat() if filters.contacted_on else '')
            self.calls_days.set_value(filters.calls_days or 30)
        finally:
            self._updating = False
        self.reload_options()
        self._sync()

    async def _changed(self) -> None:
        if self._updating:
            return
        try:
            filters = self._read()
        except ValueError:
            return  # a half-typed date: wait for the rest
        self._sync()
        if filters != self.filters:
            self.filters = filters
            self._sync()
            result = self._on_change(filters)
            if inspect.isawaitable(result):
                await result

    def _toggle_more(self) -> None:
        self.second_row.classes(toggle='max-sm:hidden')

    def _sync(self) -> None:
        self.clear.set_visibility(not self.filters.is_empty)
        self.save.set_visibility(self._can_save and not self.filters.is_empty)
        self.contacted_on.set_visibility(self.contacted.value in ('before', 'after'))
        self.calls_days.set_visibility(bool(self.calls.value))

    async def _clear_all(self) -> None:
        self._updating = True
        try:
            self.search.set_value('')
            for select in (
                self.status,
                self.group,
                self.source,
                self.city,
                self.state,
                self.country,
                self.contacted,
                self.calls,
            ):
                select.set_value(None)
            self.tags.set_value([])
            self.contacted_on.set_value('')
        finally:
            self._updating = False
        await self._changed()
