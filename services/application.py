"""The eventsourcing application underneath every Tandem service: loading, saving, retrying."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProjectorFunction,
    project_aggregate,
)
from eventsourcing.domain import Aggregate, OriginatorIDError, OriginatorVersionError
from eventsourcing.persistence import IntegrityError, MapperDeserialisationError
from eventsourcing.utils import TopicError

from services.errors import Contention, DamagedHistory, IdempotencyMismatch, NotFound
from services.idempotency import IdempotencyRecord
from services.policy import Command, Idempotency
from services.snapshots import StateSnapshot

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
# What a damaged store makes replay raise (a gap, an undecodable or unknown event, missing fields).
UNREPLAYABLE = (
    AssertionError,  # the library asserts a first event exists
    MapperDeserialisationError,
    OriginatorVersionError,
    OriginatorIDError,
    TopicError,
    TypeError,
    KeyError,
    ValueError,
)
MAX_ATTEMPTS = 40
BACKOFF_SECONDS = 0.002  # per attempt, jittered: racers spread out instead of colliding again


@dataclass(frozen=True)
class Recorded(Generic[A]):
    """The aggregate a command changed, as saved, and the log position of its last event."""

    aggregate: A
    position: int
    part_id: UUID | None = None


@dataclass
class Change(Generic[A]):
    """What one attempt at a command produced, before it is saved."""

    subject: A
    others: list[Aggregate] = field(default_factory=list)
    part_id: UUID | None = None


class Core(Application[UUID]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_saved: list[Callable[[], None]] = []

    def _notify(self, recordings: list[Any]) -> None:
        """After every save: wakes whatever follows the log (the projector)."""
        super()._notify(recordings)
        for listener in self.on_saved:
            listener()

    def take_snapshot(
        self,
        aggregate_id: UUID,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
    ) -> None:
        """Snapshots hold plain values (see services.snapshots). They are taken after the
        events are committed, so a failure must not fail the command: loads replay instead."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
            assert self.snapshots is not None
            self.snapshots.put([StateSnapshot.take(aggregate)])
        except Exception:
            log.exception("No snapshot of %s at version %s", aggregate_id, version)

    def _get(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        try:
            with self._replaying(aggregate_id):
                aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"No {cls.__name__.lower()} {aggregate_id}.") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"No {cls.__name__.lower()} {aggregate_id}.")
        return aggregate

    @contextmanager
    def _replaying(self, aggregate_id: UUID) -> Iterator[None]:
        """Reading stored events: what a damaged store makes that raise is a DamagedHistory."""
        try:
            yield
        except UNREPLAYABLE as error:
            raise DamagedHistory(
                f"The stored history of {aggregate_id} cannot be replayed ({type(error).__name__});"
                " its verification names what is wrong."
            ) from None

    def _find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            return self._get(cls, aggregate_id)
        except NotFound:
            return None

    def _execute(self, command: Command, attempt: Callable[[], Change[A]]) -> Recorded[A]:
        """Saves what one attempt produced, atomically with the idempotency record.

        An attempt loads what it needs afresh, so losing a race to another writer simply
        means trying again, unless the client pinned the version with If-Match.
        """
        claim = command.idempotency
        for attempt_number in range(MAX_ATTEMPTS):
            if claim and (prior := self._replay(command.caller.sub, claim)):
                return prior
            try:
                change = attempt()
            except Exception:
                # a racer with the same key may have just succeeded: answer as it was answered
                if claim and (prior := self._replay(command.caller.sub, claim)):
                    return prior
                raise
            record = claim and IdempotencyRecord(
                sub=command.caller.sub,
                key=claim.key,
                fingerprint=claim.fingerprint,
                aggregate_id=change.subject.id,
                version=change.subject.version,
                part_id=change.part_id,
            )
            try:
                recordings = self.save(change.subject, *change.others, record or None)
            except IntegrityError:
                # another writer won; the next attempt sees what it wrote
                time.sleep(random.uniform(0, BACKOFF_SECONDS * (attempt_number + 1)))
                continue
            position = max(r.notification.id for r in recordings)
            return Recorded(change.subject, position, change.part_id)
        raise Contention("Too many concurrent changes; try again.")

    def _replay(self, sub: str, claim: Idempotency) -> Recorded[Any] | None:
        """The answer a command with this key was given, if it was recorded."""
        record = self._find(IdempotencyRecord, IdempotencyRecord.create_id(sub, claim.key))
        if record is None:
            return None
        if record.fingerprint != claim.fingerprint:
            raise IdempotencyMismatch("This Idempotency-Key was used with a different request.")
        aggregate = self._get(Aggregate, record.aggregate_id, version=record.version)
        return Recorded(aggregate, self._position_of(record.id, 1), record.part_id)

    def _position_of(self, aggregate_id: UUID, version: int) -> int:
        """The notification id of one stored event (the recorders offer no such query)."""
        recorder: Any = self.recorder
        datastore = recorder.datastore
        with datastore.transaction(commit=False) as cursor:
            if type(recorder).__module__ == "eventsourcing.postgres":
                cursor.execute(
                    f"SELECT notification_id FROM {datastore.schema}.{recorder.events_table_name} "
                    "WHERE originator_id = %s AND originator_version = %s",
                    (aggregate_id, version),
                )
                return int(cursor.fetchone()["notification_id"])
            cursor.execute(
                f"SELECT rowid FROM {recorder.events_table_name} "
                "WHERE originator_id = ? AND originator_version = ?",
                (aggregate_id.hex, version),
            )
            return int(cursor.fetchone()[0])
