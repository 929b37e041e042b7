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
