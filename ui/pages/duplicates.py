"""/contacts/duplicates: a scan of the whole database for clusters of likely duplicates, best first."""

from nicegui import app, run, ui

from models import UserRead
from services import merge_undo
from services.dedupe.scan import cluster_members, scan_duplicates
from services.errors import DomainError
from ui import live
from ui.components.duplicate_cluster import ClusterCard
from ui.frame import frame
from ui.routing import page

PAGE = 25


class DuplicatesView:
    def __init__(self, user: UserRead) -> None:
        self.user = user
        self.clusters = []
        self.shown = 0
        self.remaining = 0
        with ui.row().classes('w-full items-center gap-2 wrap'):
            ui.label('Duplicates').classes('text-2xl font-semibold')
            self.summary = ui.label('Scanning…').classes('text-slate-500').mark('duplicates-summary')
            ui.space()
            ui.button('Contacts', icon='arrow_back', on_click=lambda: ui.navigate.to('/contacts')).props(
                'flat no-caps'
            )
            ui.button('Scan again', icon='refresh', on_click=self.scan).props('outline no-caps').mark(
                'rescan'
            )
        ui.label(
            'Same email or phone, or a similar name (typos, swapped first and last name, nicknames) backed by the '
            'same company, email domain or phone. Merge keeps the tags, notes, timeline, groups and leads of both '
            'and can be undone; "Not a duplicate" hides a pair for good.'
        ).classes('text-sm text-slate-500')
        with (
            ui.row()
            .classes('w-full items-center gap-2 bg-amber-50 rounded px-3 py-1')
            .mark('duplicates-stale') as self.stale
        ):
            ui.icon('info', color='warning')
            ui.label('Someone merged or deleted contacts since this scan.').classes('text-sm flex-1')
            ui.button('Scan again', on_click=self.scan).props('flat dense no-caps')
        self.stale.set_visibility(False)
        self.merges = ui.column().classes('w-full gap-1').mark('recent-merges')
        self.list = ui.column().classes('w-full gap-3').mark('cluster-list')
        self.more = (
            ui.button('Show more', on_click=self.show_more).props('flat no-caps').mark('clusters-more')
        )
        self.more.set_visibility(False)
        live.contacts_changed.subscribe(self._on_contacts_changed)

    def _on_contacts_changed(self, event) -> None:
        # another person's merge or delete may have settled some of these clusters: say so, don't reshuffle
        if event.kind in ('merged', 'unmerged', 'deleted') and event.actor_id != self.user.id:
            self.stale.set_visibility(True)

    async def scan(self) -> None:
        self.stale.set_visibility(False)
        self.summary.set_text('Scanning…')
        self.list.clear()
        self.shown = 0
        try:
            self.clusters = await run.io_bound(scan_duplicates, actor=self.user)
        except DomainError as e:
            ui.notify(str(e), type='negative')
            return
        self.remaining = len(self.clusters)
        self._summarize()
        self.show_more()
        self.show_merges()

    def _summarize(self) -> None:
        n = self.remaining
        self.summary.set_text(
            f'{n:,} cluster{"s" if n != 1 else ""} of likely duplicates' if n else 'No likely duplicates'
        )

    def show_more(self) -> None:
        batch = self.clusters[self.shown : self.shown + PAGE]
        ids = sorted({i for c in batch for i in c.contact_ids})
        members = cluster_members(actor=self.user, contact_ids=ids) if ids else []
        by_id = {m.contact.id: m for m in members}
        with self.list:
            for cluster in batch:
                ClusterCard(
                    self.user, cluster, [by_id[i] for i in cluster.contact_ids if i in by_id], self._done
                )
        self.shown += len(batch)
        self.more.set_visibility(self.shown < len(self.clusters))

    def _done(self) -> None:
        self.remaining -= 1
        self._summarize()

    def show_merges(self) -> None:
        self.merges.clear()
        recent = merge_undo.recent_merges(actor=self.user, limit=5)
        if not recent or not self.user.can_manage_leads:
            return
        with self.merges:
            ui.label('Recent merges').classes('text-xs font-semibold uppercase tracking-wide text-slate-500')
            for item in recent:
                with ui.row().classes('items-center gap-2'):
                    ui.label(
                        f'{item["merged_name"]} (#{item["merged_contact_id"]}) → {item["survivor_name"]} (#{item["survivor_id"]})'
                    ).classes('text-sm text-slate-700')
                    ui.button('Undo merge', icon='undo', on_click=lambda i=item['id']: self.undo(i)).props(
                        'flat dense no-caps size=sm'
                    ).mark(f'undo-merge-{item["id"]}')

    async def undo(self, merge_id: int) -> None:
        try:
            await run.io_bound(merge_undo.undo_merge, actor=self.user, merge_id=merge_id)
        except DomainError as e:
            ui.notify(str(e), type='negative', multi_line=True)
            return
        ui.notify('Merge undone: both records are back.', type='positive')
        await self.scan()


def create() -> None:
    @page('/contacts/duplicates', title='Duplicates')
    def duplicates_page(user: UserRead) -> None:
        with frame('Duplicates', user, active='Contacts'):
            view = DuplicatesView(user)
            # the scan can take seconds on a big database: the page shows first, then fills in
            ui.timer(0.05, view.scan, once=True)

    _before_contact_pages('/contacts/duplicates')


def _before_contact_pages(path: str) -> None:
    """`/contacts/{id}` may be registered first (modules load alphabetically) and would swallow this path:
    move this route ahead of any `/contacts/{…}` route."""
    routes = app.router.routes
    mine = next(r for r in routes if getattr(r, 'path', None) == path)
    first = next((k for k, r in enumerate(routes) if getattr(r, 'path', '').startswith('/contacts/{')), None)
    if first is not None and routes.index(mine) > first:
        routes.remove(mine)
        routes.insert(first, mine)
