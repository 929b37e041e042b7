"""One cluster of likely duplicates on /contacts/duplicates: its people side by side, each pair with its
reasons and score, and the actions Merge, Not a duplicate, Mark as Lost, Undo merge."""

from collections.abc import Callable

from nicegui import run, ui

from models import UserRead
from services import merge_undo
from services.dedupe import DuplicateCluster
from services.dedupe.scan import ClusterMember, cluster_members, dismiss_pair, mark_duplicate_lost
from services.errors import DomainError
from ui.components.contact_merge_dialog import merge_dialog


class ClusterCard:
    def __init__(
        self,
        user: UserRead,
        cluster: DuplicateCluster,
        members: list[ClusterMember],
        on_done: Callable[[], None],
    ) -> None:
        self.user = user
        self.cluster = cluster
        self.members = {m.contact.id: m for m in members}
        self.on_done = on_done
        self.card = ui.card().classes('w-full p-3 gap-2').mark(f'cluster-{cluster.contact_ids[0]}')
        self.show()

    def show(self) -> None:
        self.card.clear()
        with self.card:
            with ui.row().classes('w-full items-center gap-2 wrap'):
                ui.badge(f'{self.cluster.score:.0f}', color='primary').classes('text-sm').tooltip(
                    'Best pair score'
                )
                ui.label(f'{len(self.cluster.contact_ids)} records').classes('font-medium text-slate-700')
                for reason in self.cluster.reasons[:6]:
                    ui.label(reason).classes('text-xs bg-slate-100 text-slate-700 rounded px-1.5 py-0.5')
            with ui.row().classes('w-full gap-2 items-stretch max-md:flex-col'):
                for contact_id in self.cluster.contact_ids:
                    member = self.members.get(contact_id)
                    if member is not None:
                        self._member(member)
            for pair in self.cluster.pairs:
                a, b = self.members.get(pair.contact_id), self.members.get(pair.other_contact_id)
                if a is None or b is None:
                    continue
                with ui.row().classes('w-full items-center gap-2 wrap border-t border-slate-100 pt-2'):
                    ui.label(f'#{a.contact.id} ↔ #{b.contact.id}').classes(
                        'text-sm font-medium text-slate-700'
                    )
                    ui.label(f'{pair.score:.0f} · ' + ', '.join(pair.reasons)).classes(
                        'text-sm text-slate-500 flex-1 min-w-48'
                    )
                    if self.user.can_manage_leads:
                        ui.button(
                            'Merge…',
                            icon='call_merge',
                            on_click=lambda p=pair: self.merge(p.contact_id, p.other_contact_id),
                        ).props('dense no-caps unelevated').mark(
                            f'merge-{pair.contact_id}-{pair.other_contact_id}'
                        )
                        ui.button(
                            'Not a duplicate',
                            on_click=lambda p=pair: self.dismiss(p.contact_id, p.other_contact_id),
                        ).props('dense flat no-caps').mark(
                            f'dismiss-{pair.contact_id}-{pair.other_contact_id}'
                        )

    def _member(self, m: ClusterMember) -> None:
        c = m.contact
        with ui.column().classes('flex-1 min-w-0 gap-0.5 bg-slate-50 rounded p-2'):
            with ui.row().classes('items-center gap-2 no-wrap w-full'):
                ui.link(c.name, f'/contacts/{c.id}').classes('font-medium text-primary no-underline truncate')
                ui.label(f'#{c.id}').classes('text-xs text-slate-400')
                ui.space()
                ui.badge(m.status, color={'Client': 'green-7', 'Lead': 'blue-7'}.get(m.status, 'grey-6'))
            for value in (
                c.email,
                c.phone,
                c.company,
                ', '.join(p for p in (c.city, c.state, c.country) if p),
            ):
                if value:
                    ui.label(value).classes('text-sm text-slate-600 truncate w-full')
            if m.tags:
                ui.label('Tags: ' + ', '.join(m.tags)).classes('text-xs text-slate-500')
            for lead in m.leads:
                ui.label(
                    f'Lead #{lead.id} · {lead.stage}' + (f' · {lead.owner}' if lead.owner else '')
                ).classes('text-xs text-slate-500')
            others = [i for i in self.cluster.contact_ids if i != c.id]
            if any(lead.stage_kind == 'open' for lead in m.leads) and others:
                ui.button(
                    'Mark as Lost', icon='block', on_click=lambda: self.mark_lost(c.id, others[0])
                ).props('dense flat no-caps color=negative size=sm').classes('self-start').mark(
                    f'mark-lost-{c.id}'
                )

    async def merge(self, first: int, second: int) -> None:
        result = await merge_dialog(self.user, first, second)
        if result is None:
            return
        self.card.clear()
        with self.card, ui.row().classes('w-full items-center gap-2'):
            ui.icon('check_circle', color='positive')
            ui.label(f'Merged into #{result.survivor.id} {result.survivor.name}.').classes('flex-1')
            ui.button('Undo merge', icon='undo', on_click=lambda: self.undo(result.merge_id)).props(
                'flat no-caps'
            ).mark(f'undo-merge-{result.merge_id}')
        ui.notify('Merged.', type='positive')

    async def undo(self, merge_id: int) -> None:
        try:
            await run.io_bound(merge_undo.undo_merge, actor=self.user, merge_id=merge_id)
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return
        ui.notify('Merge undone: both records are back.', type='positive')
        self.reload_members()

    def dismiss(self, a: int, b: int) -> None:
        try:
            dismiss_pair(actor=self.user, contact_id=a, other_contact_id=b)
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return
        self.cluster = self.cluster.model_copy(
            update={
                'pairs': [
                    p
                    for p in self.cluster.pairs
                    if (p.contact_id, p.other_contact_id) != (min(a, b), max(a, b))
                ]
            }
        )
        if not self.cluster.pairs:
            self.card.delete()
            self.on_done()
        else:
            self.show()

    async def mark_lost(self, contact_id: int, duplicate_of: int) -> None:
        try:
            count = await run.io_bound(
                mark_duplicate_lost, actor=self.user, contact_id=contact_id, duplicate_of=duplicate_of
            )
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return
        ui.notify(
            f'{count} lead{"s" if count != 1 else ""} marked as Lost (duplicate of #{duplicate_of}).',
            type='positive',
        )
        self.reload_members()

    def reload_members(self) -> None:
        members = cluster_members(actor=self.user, contact_ids=self.cluster.contact_ids)
        self.members = {m.contact.id: m for m in members}
        self.show()
