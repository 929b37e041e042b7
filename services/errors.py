class DomainError(Exception):
    """A refusal the user can act on; its message is shown as is."""


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Conflict(DomainError):
    pass


class Invalid(DomainError):
    pass


class Busy(DomainError):
    """The database stayed locked by another writer (an import) for longer than a write waits."""


class AccountInactive(Forbidden):
    """The acting account was deactivated or removed: its sessions end at their next action."""
