"""Domain events, published after a commit. NiceGUI-free: the UI bridges them onto its event loop."""

from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock


@dataclass(frozen=True)
class LeadsChanged:
    """Leads were created, edited, moved, claimed, released, assigned or deleted.

    `stage_ids` holds every stage a changed lead left or entered, so a board refreshes just those columns.
    """

    lead_ids: frozenset[int]
    kind: str
    stage_ids: frozenset[int] = field(default_factory=frozenset)
    actor_id: int | None = None


@dataclass(frozen=True)
class ContactsChanged:
    contact_ids: frozenset[int]
    kind: str
    actor_id: int | None = None


@dataclass(frozen=True)
class ClientsChanged:
    client_ids: frozenset[int]
    kind: str
    actor_id: int | None = None


@dataclass(frozen=True)
class StagesChanged:
    """kind: added, renamed, recolored, reordered, deleted. `stage_ids`: the stages touched (for a delete,
    the deleted stage and the one its leads moved to)."""

    kind: str
    actor_id: int | None = None
    stage_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class TagsChanged:
    """kind: created, renamed, recolored, merged, deleted. `tag_ids`: the tags touched (for a merge, both)."""

    kind: str
    actor_id: int | None = None
    tag_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SettingsChanged:
    keys: frozenset[str]
    actor_id: int | None = None


@dataclass(frozen=True)
class UsersChanged:
    user_ids: frozenset[int]
    kind: str
    actor_id: int | None = None


DomainEvent = (
    LeadsChanged
    | ContactsChanged
    | ClientsChanged
    | StagesChanged
    | TagsChanged
    | SettingsChanged
    | UsersChanged
)
Subscriber = Callable[[DomainEvent], None]


class _Bus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = Lock()

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._subscribers:
                    self._subscribers.remove(fn)

        return unsubscribe

    def publish(self, event: DomainEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for fn in subscribers:
            fn(event)


_bus = _Bus()
subscribe = _bus.subscribe


def publish(event: DomainEvent) -> None:
    """Call only after the transaction that made the change has committed."""
    _bus.publish(event)
