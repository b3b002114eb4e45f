"""Idempotency records: saved in the same transaction as the events a command produced."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

KEYS = uuid5(NAMESPACE_URL, "tandem:idempotency-key")


class IdempotencyRecord(Aggregate):
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
