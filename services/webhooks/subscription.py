"""A subscription: where a programme's events are delivered, and its signing secret (encrypted).

It lives in the log like everything else, so the dispatcher meets each change at its place in
the log: a subscription gets the events after its creation and none after its deletion, and a
replay is ordered against the deliveries around it, whichever process runs the dispatcher.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from domain.errors import InvalidTransition


class Subscription(Aggregate):
    class Created(Aggregate.Created):
        program_id: UUID
        url: str
        types: list[str]
        sealed_secret: str  # encrypted with the webhook key: it must sign, so it is not hashed
        by: str

    @event(Created)
    def __init__(
        self, program_id: UUID, url: str, types: list[str], sealed_secret: str, by: str
    ) -> None:
        self.program_id = program_id
        self.url = url
        self.types = types
        self.sealed_secret = sealed_secret
        self.created_by = by
        self.deleted = False

    class Deleted(Aggregate.Event):
        by: str

    def delete(self, by: str) -> None:
        if self.deleted:
            raise InvalidTransition("The subscription is already deleted.")
        self._deleted(by=by)

    @event(Deleted)
    def _deleted(self, by: str) -> None:
        self.deleted = True

    class ReplayRequested(Aggregate.Event):
        from_position: int
        by: str

    def replay(self, from_position: int, by: str) -> None:
        """Delivers again, in order, every event of the programme from that log position."""
        if self.deleted:
            raise InvalidTransition("A deleted subscription cannot replay.")
        self._replay_requested(from_position=from_position, by=by)

    @event(ReplayRequested)
    def _replay_requested(self, from_position: int, by: str) -> None:
        pass
