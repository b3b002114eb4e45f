"""Idempotency: a command sent again with the same key gets its first answer again.

A command's id is unique in the store (services.persistence.commands), so the record of a
command is the record of its key: for the same caller, the same key is the same command.
Releases before that kept a record aggregate per key; those keys still answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.errors import IdempotencyMismatch

KEYS = uuid5(NAMESPACE_URL, "tandem:idempotency-key")


@dataclass(frozen=True)
class Idempotency:
    """A client's Idempotency-Key and a fingerprint of the request it was sent with."""

    key: str
    fingerprint: str

    def command_id(self, sub: str) -> UUID:
        return IdempotencyRecord.create_id(sub, self.key)


@dataclass(frozen=True)
class Earlier:
    """What an earlier run of the same command recorded."""

    aggregate_id: UUID
    version: int
    part_id: UUID | None
    position: int


class Replays:
    """Finds what a command recorded, by its id; refuses a key reused for another request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def earlier(self, command_id: UUID, claim: Idempotency | None) -> Earlier | None:
        record = self.app.commands.command(command_id)
        if record is None:
            return self._kept_as_aggregate(command_id, claim)
        # an erasure forgets the fingerprint (services.persistence.commands): the key still answers
        if claim and record.fingerprint not in (None, claim.fingerprint):
            raise IdempotencyMismatch("This Idempotency-Key was used with a different request.")
        return Earlier(record.aggregate_id, record.version, record.part_id, record.position)

    def _kept_as_aggregate(self, command_id: UUID, claim: Idempotency | None) -> Earlier | None:
        record = self.app.find(IdempotencyRecord, command_id) if claim else None
        if record is None or claim is None:
            return None
        if record.fingerprint != claim.fingerprint:
            raise IdempotencyMismatch("This Idempotency-Key was used with a different request.")
        position = self.app.commands.position_of(record.id, 1)
        return Earlier(record.aggregate_id, record.version, record.part_id, position)


class IdempotencyRecord(Aggregate):
    """How releases before the commands table kept a key; read, never written, now."""

    class Used(Aggregate.Created):
        sub: str
        key: str
        fingerprint: str
        aggregate_id: UUID
        version: int
        part_id: UUID | None

    @event(Used)
    def __init__(
        self,
        sub: str,
        key: str,
        fingerprint: str,
        aggregate_id: UUID,
        version: int,
        part_id: UUID | None,
    ) -> None:
        self.fingerprint = fingerprint
        self.aggregate_id = aggregate_id
        self.version = version
        self.part_id = part_id

    @staticmethod
    def create_id(sub: str, key: str) -> UUID:
        return uuid5(KEYS, f"{sub}\n{key}")
