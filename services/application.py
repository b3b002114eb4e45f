"""The eventsourcing application underneath every Tandem service: loading, saving, retrying."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProjectorFunction,
    project_aggregate,
)
from eventsourcing.domain import Aggregate, OriginatorIDError, OriginatorVersionError
from eventsourcing.persistence import IntegrityError, MapperDeserialisationError
from eventsourcing.utils import TopicError

from domain import Relationship
from services.errors import (
    Contention,
    DamagedHistory,
    IdempotencyMismatch,
    NotFound,
    StoreUnavailable,
)
from services.idempotency import IdempotencyRecord
from services.persistence.budget import (
    REQUEST_SECONDS,
    RETRY_PAUSE,
    TRANSIENT,
    deadline,
    is_full,
    time_left,
    unavailable,
)
from services.persistence.commands import CommandRecord
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
    """The aggregate a command changed, as saved, and the log position of its last event; and
    whether the caller may see the private text in it (only a relationship's parties may)."""

    aggregate: A
    position: int
    part_id: UUID | None = None
    reveals_private: bool = False


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
        self._write_failure: str | None = None  # why the last save failed, until one succeeds

    def writes_failing(self) -> str | None:
        """Why writes fail, if the last one did and a probe write fails too; else None."""
        if self._write_failure is None:
            return None
        try:
            self.recorder.probe_write()  # type: ignore[attr-defined]
        except Exception as error:
            self._write_failure = str(unavailable(error))
            return self._write_failure
        self._write_failure = None
        return None

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
        """Saves what one attempt produced, atomically with the command's record.

        An attempt loads what it needs afresh, so losing a race to another writer simply
        means trying again, unless the client pinned the version with If-Match. The command's
        id is unique in the store: it is recorded at most once, and when a commit's outcome
        is unknown (a lost connection) the store is asked rather than the command run again.
        """
        with deadline(REQUEST_SECONDS):
            recorded = self._record_command(command, attempt)
        subject = recorded.aggregate
        party = isinstance(subject, Relationship) and command.caller.is_party_to(subject)
        return replace(recorded, reveals_private=party)

    def _record_command(self, command: Command, attempt: Callable[[], Change[A]]) -> Recorded[A]:
        claim = command.idempotency
        sub = command.caller.sub
        command_id = claim.command_id(sub) if claim else uuid4()
        for attempt_number in range(MAX_ATTEMPTS):
            if claim and (prior := self._replay(command_id, claim)):
                return prior
            try:
                change = attempt()
            except Exception:
                # a racer with the same key may have just succeeded: answer as it was answered
                if claim and (prior := self._replay(command_id, claim)):
                    return prior
                raise
            record = CommandRecord(
                command_id=command_id,
                sub=sub,
                fingerprint=claim.fingerprint if claim else None,
                aggregate_id=change.subject.id,
                version=change.subject.version,
                part_id=change.part_id,
            )
            try:
                recordings = self.save(change.subject, *change.others, command=record)
            except IntegrityError:
                if prior := self._replay(command_id, claim):
                    return prior  # this very command is in the store (a racer with its key)
                # another writer won; the next attempt sees what it wrote
                time.sleep(random.uniform(0, BACKOFF_SECONDS * (attempt_number + 1)))
                continue
            except TRANSIENT as error:
                self._write_failure = str(unavailable(error))
                if prior := self._outcome_of(command_id, claim, error):
                    return prior  # the commit landed although its answer was lost
                continue  # not recorded; its id keeps a late commit from counting twice
            self._write_failure = None
            position = max(r.notification.id for r in recordings)
            return Recorded(change.subject, position, change.part_id)
        raise Contention("Too many concurrent changes; try again.")

    def _outcome_of(
        self, command_id: UUID, claim: Idempotency | None, error: Exception
    ) -> Recorded[Any] | None:
        """After a save whose outcome is unknown: the command as recorded, or None if the store
        says it is not; a StoreUnavailable if the store cannot say within the deadline."""
        log.warning("A save failed (%s): looking up command %s", error, command_id)
        try:
            prior = self._replay(command_id, claim)
        except StoreUnavailable:
            raise StoreUnavailable(
                "The store does not answer, so whether the command was recorded is not known"
                " yet; retry it with the same Idempotency-Key to get its outcome."
            ) from error
        if prior is None and (is_full(error) or (time_left() or 0.0) <= RETRY_PAUSE):
            raise unavailable(error) from error  # known not recorded; trying again cannot help
        if prior is None:
            time.sleep(RETRY_PAUSE)
        return prior

    def _replay(self, command_id: UUID, claim: Idempotency | None) -> Recorded[Any] | None:
        """The answer the command with this id was given, if it was recorded."""
        record = self.recorder.command(command_id)  # type: ignore[attr-defined]
        if record is None:
            return self._replay_legacy(command_id, claim)
        if claim and record.fingerprint != claim.fingerprint:
            raise IdempotencyMismatch("This Idempotency-Key was used with a different request.")
        aggregate = self._get(Aggregate, record.aggregate_id, version=record.version)
        return Recorded(aggregate, record.position, record.part_id)

    def _replay_legacy(self, command_id: UUID, claim: Idempotency | None) -> Recorded[Any] | None:
        """Keys used before commands were recorded in their own table were aggregates."""
        record = claim and self._find(IdempotencyRecord, command_id)
        if not record:
            return None
        if record.fingerprint != claim.fingerprint:  # type: ignore[union-attr]
            raise IdempotencyMismatch("This Idempotency-Key was used with a different request.")
        aggregate = self._get(Aggregate, record.aggregate_id, version=record.version)
        position = self.recorder.position_of(record.id, 1)  # type: ignore[attr-defined]
        return Recorded(aggregate, position, record.part_id)
