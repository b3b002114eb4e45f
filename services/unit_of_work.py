"""A command as one unit of work: load, act, save, tried again when another writer won.

    work = UnitOfWork(app, command)
    while work.pending():
        with work.attempt():
            relationship = work.load(Relationship, relationship_id)
            relationship.accept(actor, message)
            work.save(relationship)
    return work.recorded

Each attempt loads afresh, so losing a race to another writer means trying again (unless the
client pinned the version with If-Match). The command's id (for the client's Idempotency-Key,
or one made here) is recorded with its events and is unique in the store: the command is
recorded at most once, a repeated key gets its first answer, and when a commit's outcome is
unknown (a lost connection) the store is asked, never guessed.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from services.errors import Contention, PreconditionFailed, StoreUnavailable
from services.idempotency import Earlier, Idempotency, Replays
from services.persistence import budget
from services.persistence.commands import CommandRecord
from services.policy import Caller

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
MAX_ATTEMPTS = 40
BACKOFF_SECONDS = 0.002  # per attempt, jittered: racers spread out instead of colliding again


@dataclass(frozen=True)
class Command:
    """Who acts, and the conditions they put on the command."""

    caller: Caller
    expected_versions: frozenset[int] | None = None  # If-Match: None holds for any version
    idempotency: Idempotency | None = None


@dataclass(frozen=True)
class Recorded(Generic[A]):
    """The aggregate a command changed, as saved, the log position of its last event, the
    part it added (a goal, a meeting), and whether its caller may read its private text."""

    aggregate: A
    position: int
    part_id: UUID | None = None
    reveals_private: bool = False


def _reveals_nothing(caller: Caller, aggregate: Any) -> bool:
    return False


def create(app: Any, command: Command, make: Callable[[], A]) -> Recorded[A]:
    """A command that makes one new aggregate, as a unit of work: made afresh by each attempt."""
    work: UnitOfWork[A] = UnitOfWork(app, command)
    while work.pending():
        with work.attempt():
            work.save(make())
    return work.recorded


class UnitOfWork(Generic[A]):
    def __init__(
        self,
        app: Any,
        command: Command,
        reveals: Callable[[Caller, Any], bool] = _reveals_nothing,
    ) -> None:
        self.app, self.command, self.reveals = app, command, reveals
        claim = command.idempotency
        self.command_id = claim.command_id(command.caller.sub) if claim else uuid4()
        self._replays = Replays(app)
        self._recorded: Recorded[A] | None = None
        self._attempts = 0
        self._give_up = time.monotonic() + budget.REQUEST_SECONDS
        # A lost commit may land after the store was asked: from then on, ask again.
        self._maybe_recorded = command.idempotency is not None

    @property
    def recorded(self) -> Recorded[A]:
        assert self._recorded is not None, "read only once the work is done"
        return self._recorded

    def pending(self) -> bool:
        """Whether another attempt is due: not recorded yet, by this run or an earlier one."""
        if self._recorded is None and self._maybe_recorded:
            with budget.deadline(self._left()):
                self._recorded = self._earlier()
        if self._recorded is not None:
            return False
        if self._attempts >= MAX_ATTEMPTS:
            raise Contention("Too many concurrent changes; try again.")
        return True

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """One run of the command's body; a refusal stands unless the command was recorded
        meanwhile (a racer with its key, or an earlier attempt's commit that landed late),
        whose answer is then the answer."""
        self._attempts += 1
        with budget.deadline(self._left()):
            try:
                yield
            except Exception:
                if not self._maybe_recorded or not (earlier := self._earlier()):
                    raise
                self._recorded = earlier

    def load(self, cls: type[Any], aggregate_id: UUID) -> Any:
        return self.app.load(cls, aggregate_id)

    def check_if_match(self, aggregate: Aggregate) -> None:
        expected = self.command.expected_versions
        if expected is not None and aggregate.version not in expected:
            raise PreconditionFailed(
                f"The relationship is at version {aggregate.version}, not as If-Match says."
            )

    def save(
        self,
        subject: A,
        *others: Aggregate,
        part_id: UUID | None = None,
        destroying: Collection[UUID] = (),
    ) -> None:
        """Records what the attempt changed, atomically with the command's record (and, for an
        erasure, with the destruction of the data keys of the subjects `destroying` names)."""
        claim = self.command.idempotency
        record = CommandRecord(
            command_id=self.command_id,
            sub=self.command.caller.sub,
            fingerprint=claim.fingerprint if claim else None,
            aggregate_id=subject.id,
            version=subject.version,
            part_id=part_id,
        )
        try:
            erasing = {"destroy_keys": frozenset(destroying)} if destroying else {}
            recordings = self.app.save(subject, *others, command=record, **erasing)
        except IntegrityError:
            self._recorded = self._earlier()  # this very command: a racer with its key
            if self._recorded is None:  # another writer won; the next attempt sees its write
                time.sleep(random.uniform(0, BACKOFF_SECONDS * self._attempts))
            return
        except budget.TRANSIENT as error:
            self.app.write_failure = str(budget.unavailable(error))
            self._maybe_recorded = True
            self._recorded = self._outcome_of(error)
            return
        self.app.write_failure = None
        position = max(r.notification.id for r in recordings)
        reveals = self.reveals(self.command.caller, subject)
        self._recorded = Recorded(subject, position, part_id, reveals)

    def _outcome_of(self, error: Exception) -> Recorded[A] | None:
        """After a save whose outcome is unknown: the command as recorded, or None if the store
        says it is not; a StoreUnavailable if the store cannot say within the deadline."""
        log.warning("A save failed (%s): looking up command %s", error, self.command_id)
        try:
            earlier = self._earlier()
        except StoreUnavailable:
            raise StoreUnavailable(
                "The store does not answer, so whether the command was recorded is not known"
                " yet; retry it with the same Idempotency-Key to get its outcome."
            ) from error
        if earlier is None and (budget.is_full(error) or self._left() <= budget.RETRY_PAUSE):
            raise budget.unavailable(
                error
            ) from error  # known not recorded; trying again cannot help
        if earlier is None:
            time.sleep(
                budget.RETRY_PAUSE
            )  # not recorded; its id keeps a late commit from counting twice
        return earlier

    def _earlier(self) -> Recorded[A] | None:
        found: Earlier | None = self._replays.earlier(self.command_id, self.command.idempotency)
        if found is None:
            return None
        aggregate = self.app.load(Aggregate, found.aggregate_id, version=found.version)
        reveals = self.reveals(self.command.caller, aggregate)
        return Recorded(aggregate, found.position, found.part_id, reveals)

    def _left(self) -> float:
        return max(0.0, self._give_up - time.monotonic())
