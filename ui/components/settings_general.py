"""Settings → General: claim window, regions and phone region, lead sources and product types.

Each card saves only its own values, so a refusal in one never blocks another; the service says what is
wrong with the value and what it accepts."""

from typing import Any

from nicegui import ui

from models import UserRead
from services import events, general_settings
from services.general_settings import GeneralSettings
from ui import live
from ui.session import attempt, attempt_in_thread, busy

CARD = 'w-full p-4 sm:p-5 gap-3'


def section_title(text: str, hint: str) -> None:
    with ui.column().classes('gap-0'):
        ui.label(text).classes('text-lg font-semibold')
        ui.label(hint).classes('text-sm text-slate-500')


def chips(label: str, values: list[str], marker: str) -> ui.input_chips:
    return (
        ui.input_chips(label, value=list(values), new_value_mode='add-unique')
        .props('outlined dense hint="Type a value and press Enter; click × to remove one."')
        .classes('w-full')
        .mark(marker)
    )


class GeneralForm:
    def __init__(self, actor: UserRead) -> None:
        self.actor = actor
        live.settings_changed.subscribe(self.on_settings_changed)

    def on_settings_changed(self, event: events.SettingsChanged) -> None:
        # our own saves already show their values; another admin's save replaces what is on screen
        if event.actor_id == self.actor.id:
            return
        self.show.refresh()
        ui.notify('Another admin just changed these settings: the page now shows their values.')

    @ui.refreshable_method
    def show(self) -> None:
        current = attempt(general_settings.get_general, actor=self.actor)
        if current is None:
            return
        with ui.column().classes('w-full gap-4 lg:grid lg:grid-cols-2 lg:items-start'):
            self._claims(current)
            self._regions(current)
            self._lists(current)

    async def _save(self, button: ui.button, what: str, **values: Any) -> None:
        with busy(button):  # a second click while the first save waits for the write lock
            saved = await attempt_in_thread(general_settings.update_general, actor=self.actor, **values)
        if saved is not None:
            ui.notify(f'{what} saved.', type='positive')

    def _claims(self, current: GeneralSettings) -> None:
        with ui.card().classes(CARD).mark('settings-claims'):
            section_title(
                'Claims',
                'How long a claimed lead stays with the person who claimed it before it returns to the pool.',
            )
            hours = (
                ui.number(
                    'Claim window (hours, 1–720)', value=current.claim_window_hours, step=1, format='%d'
                )
                .props('outlined dense')
                .classes('w-full sm:w-64')
                .mark('claim-window')
            )
            ui.button(
                'Save',
                on_click=lambda e: self._save(
                    e.sender, 'Claim window', claim_window_hours='' if hours.value is None else hours.value
                ),
            ).props('unelevated no-caps').mark('save-claims')

    def _regions(self, current: GeneralSettings) -> None:
        with ui.card().classes(CARD).mark('settings-regions'):
            section_title(
                'Regions and phone numbers',
                'Regions group contacts and clients (/us/leads, /ca/leads …). Phone numbers without a '
                'country prefix are read as numbers of the default phone region.',
            )
            regions = chips('Regions in use', current.regions, 'regions')
            default = (
                ui.select(
                    current.regions, label='Default region for new contacts', value=current.default_region
                )
                .props('outlined dense')
                .classes('w-full sm:w-64')
                .mark('default-region')
            )

            def regions_changed() -> None:
                codes = [str(v).strip().upper() for v in regions.value or [] if str(v).strip()]
                default.set_options(codes, value=default.value if default.value in codes else None)

            regions.on_value_change(regions_changed)
            phone = (
                ui.select(
                    general_settings.phone_region_choices(),
                    label='Default phone region',
                    value=current.phone_region,
                    with_input=True,
                )
                .props('outlined dense')
                .classes('w-full sm:w-80')
                .mark('phone-region')
            )
            ui.button(
                'Save',
                on_click=lambda e: self._save(
                    e.sender,
                    'Regions',
                    regions=list(regions.value or []),
                    default_region=default.value or '',
                    phone_region=phone.value or '',
                ),
            ).props('unelevated no-caps').mark('save-regions')

    def _lists(self, current: GeneralSettings) -> None:
        with ui.card().classes(CARD + ' lg:col-span-2').mark('settings-lists'):
            section_title(
                'Lead sources and product types',
                'The choices on the lead form and in filters. Leads keep their values when one is removed; '
                "imports file unknown sources under 'Other'.",
            )
            with ui.element('div').classes('w-full grid gap-3 lg:grid-cols-2'):
                sources = chips('Lead sources', current.lead_sources, 'lead-sources')
                products = chips('Product types', current.product_types, 'product-types')
            ui.button(
                'Save',
                on_click=lambda e: self._save(
                    e.sender,
                    'Lists',
                    lead_sources=list(sources.value or []),
                    product_types=list(products.value or []),
                ),
            ).props('unelevated no-caps').mark('save-lists')
