"""Bridge from domain events (published by services, possibly in worker threads) to NiceGUI Events on the
event loop. Components subscribe inside their UI context, so they unsubscribe when their client goes away:

    live.leads_changed.subscribe(self.on_leads_changed)
"""

import asyncio

from nicegui import Event, app, core

from services import events

leads_changed: Event = Event()
contacts_changed: Event = Event()
clients_changed: Event = Event()
stages_changed: Event = Event()
tags_changed: Event = Event()
settings_changed: Event = Event()
users_changed: Event = Event()

_TARGETS: dict[type, Event] = {
    events.LeadsChanged: leads_changed,
    events.ContactsChanged: contacts_changed,
    events.ClientsChanged: clients_changed,
    events.StagesChanged: stages_changed,
    events.TagsChanged: tags_changed,
    events.SettingsChanged: settings_changed,
    events.UsersChanged: users_changed,
}


def _forward(event: events.DomainEvent) -> None:
    target = _TARGETS[type(event)]
    loop = core.loop
    if loop is None or loop.is_closed():
        return
    try:
        on_loop = asyncio.get_running_loop() is loop
    except RuntimeError:
        on_loop = False
    if on_loop:
        target.emit(event)
    else:
        loop.call_soon_threadsafe(target.emit, event)


def install() -> None:
    """Connect the bus for the lifetime of the app (re-run safely: tests start the app many times)."""
    unsubscribe: list = []
    app.on_startup(lambda: unsubscribe.append(events.subscribe(_forward)))
    app.on_shutdown(lambda: [u() for u in unsubscribe])
