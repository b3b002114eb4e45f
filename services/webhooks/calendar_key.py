"""The key a participant's calendar feed is read with: one per participant, in the log like any
command's outcome (who issued or revoked it, when), kept as a hash only."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from services.errors import NotFound

KEYS = uuid5(NAMESPACE_URL, "tandem:calendar-key")


class CalendarKey(Aggregate):
    class Issued(Aggregate.Created):
        participant_id: UUID
        key_hash: str
        by: str

    @event(Issued)
    def __init__(self, participant_id: UUID, key_hash: str, by: str) -> None:
        self.participant_id = participant_id
        self.key_hash: str | None = key_hash

    @staticmethod
    def create_id(participant_id: UUID) -> UUID:
        return uuid5(KEYS, str(participant_id))

    class Reissued(Aggregate.Event):
        key_hash: str
        by: str

    def reissue(self, key_hash: str, by: str) -> None:
        """A new key: the earlier one stops opening the feed."""
        self._reissued(key_hash=key_hash, by=by)

    @event(Reissued)
    def _reissued(self, key_hash: str, by: str) -> None:
        self.key_hash = key_hash

    class Revoked(Aggregate.Event):
        by: str

    def revoke(self, by: str) -> None:
        if self.key_hash is None:
            raise NotFound("The calendar has no key to revoke.")
        self._revoked(by=by)

    @event(Revoked)
    def _revoked(self, by: str) -> None:
        self.key_hash = None
