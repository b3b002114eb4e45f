"""Errors of the service layer, beside the domain's own."""


class NotFound(LookupError):
    """No such resource, or not visible to the caller."""


class PreconditionFailed(Exception):
    """If-Match named a version the aggregate has moved on from."""


class IdempotencyMismatch(ValueError):
    """An Idempotency-Key was used before with a different request."""


class Contention(Exception):
    """Concurrent writers kept winning; the client may retry."""


class DamagedHistory(Exception):
    """The stored events cannot be replayed: the store was altered outside Tandem."""


class StoreUnavailable(Exception):
    """The store is unreachable, frozen or full; nothing was recorded that is not known."""


class ViewsStalled(Exception):
    """The views are stopped before an event they cannot apply (see services.views.projector)."""
