"""Who has the lead: owner, live claim (with time left), and the Claim / Release / Take ownership / Assign
actions. The area carries data-claim and data-owner (user names, or empty) for browser tests."""

from collections.abc import Callable
from typing import Any

from nicegui import ui

from services import claims, clock
from services.relative_time import left
from ui.components.lead_section import LeadSection
from ui.components.page_dialog import discard, page_dialog
from ui.components.when import local
from ui.session import attempt, attempt_in_thread


class ClaimPanel(LeadSection):
    _acting = False

    @ui.refreshable_method
    def show(self) -> None:
        d = self.detail
        with ui.row().classes('w-full items-center gap-3 flex-wrap').mark('claim-area') as area:
            area.props['data-claim'] = d.claimed_by_name
            area.props['data-owner'] = d.owner_name
            with ui.row().classes('items-center gap-2 grow min-w-0 no-wrap'):
                if d.owner_name:
                    ui.icon('verified_user', color='primary').classes('text-xl')
                    with ui.column().classes('gap-0'):
                        ui.label(f'Owner: {d.owner_name}').classes('font-medium').mark('owner-label')
                        ui.label('Owned leads stay with their owner until a manager reassigns them.').classes(
                            'text-xs text-slate-500 max-sm:hidden'
                        )
                elif d.claimed_by_name:
                    ui.icon('front_hand', color='indigo').classes('text-xl')
                    with ui.column().classes('gap-0'):
                        ui.label(f'Claimed by {d.claimed_by_name}').classes('font-medium').mark('claim-label')
                        if d.claim_expires_at is not None:
                            remaining = left(d.claim_expires_at, clock.now())
                            ui.label(f'{remaining} · until {local(d.claim_expires_at)}').classes(
                                'text-xs text-slate-500'
                            )
                else:
                    ui.icon('inbox', color='grey-7').classes('text-xl')
                    with ui.column().classes('gap-0'):
                        ui.label('In the pool').classes('font-medium').mark('pool-label')
                        ui.label('No owner and no claim: a manager can claim it.').classes(
                            'text-xs text-slate-500'
                        )
            with ui.row().classes('gap-2 items-center'):
                if d.can_claim:
                    style = (
                        'outline no-caps color=indigo'
                        if d.claimed_by_name
                        else 'unelevated no-caps color=indigo'
                    )
                    ui.button('Claim', icon='front_hand', on_click=self._claim).props(style).mark(
                        'claim-button'
                    )
                if d.can_take_ownership:
                    ui.button('Take ownership', icon='verified_user', on_click=self._own).props(
                        'unelevated no-caps'
                    ).mark('own-button')
                if d.can_release:
                    ui.button('Release', icon='undo', on_click=self._release).props('outline no-caps').mark(
                        'release-button'
                    )
                if d.can_assign:
                    ui.button('Assign', icon='assignment_ind', on_click=self._assign).props(
                        'flat no-caps'
                    ).mark('assign-button')

    async def _act(self, fn: Callable[..., object], message: str, **kwargs: Any) -> None:
        """One action at a time: while a claim is being saved (it waits while an import writes) a second
        click does nothing. Refused or not, the panel shows the truth afterwards."""
        if self._acting:
            return
        self._acting = True
        try:
            with self.client:
                result = await attempt_in_thread(fn, actor=self.user, lead_id=self.detail.lead.id, **kwargs)
                if result is not None:
                    ui.notify(message, type='positive')
                self.on_change()
        finally:
            self._acting = False

    async def _claim(self) -> None:
        await self._act(claims.claim_lead, 'Claimed.')

    async def _release(self) -> None:
        await self._act(claims.release_lead, 'Released to the pool.')

    async def _own(self) -> None:
        await self._act(claims.take_ownership, 'You own this lead now.')

    async def _assign(self) -> None:
        team = attempt(claims.assignable_users, actor=self.user)
        if team is None:
            return
        options = {0: 'Nobody — back to the pool'} | {u.id: u.display_name or u.username for u in team}
        current = self.detail.lead.owner_id or 0
        with page_dialog() as dialog, ui.card().classes('w-96 max-w-full gap-3').mark('assign-dialog'):
            ui.label('Assign this lead').classes('text-lg font-semibold')
            choice = (
                ui.select(options, value=current, label='Owner')
                .props('outlined dense options-dense')
                .classes('w-full')
                .mark('assign-select')
            )
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
                ui.button('Assign', on_click=lambda: dialog.submit(choice.value)).props(
                    'unelevated no-caps'
                ).mark('assign-confirm')
        picked = await dialog
        discard(dialog)
        if picked is None:
            return
        owner_id = picked or None
        await self._act(
            claims.assign_lead,
            f'Assigned to {options[picked]}.' if owner_id else 'Back in the pool.',
            owner_id=owner_id,
        )
