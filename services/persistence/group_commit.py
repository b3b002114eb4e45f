"""Group commit: saves that arrive together are recorded in one transaction, one disk flush.

The first save to arrive leads: it records every save queued at that moment (at most one per
aggregate and per command) in one transaction, each in a savepoint of its own, so a conflict
in one fails that one alone. Saves arriving meanwhile queue; when the leader is done, the first
of them leads the next batch. A lone save waits for nothing: no window is held open to fill,
batches form only while the store is busy with the one before.

Each save still gets its own outcome: its notification ids, or the error that refused it (an
IntegrityError for a lost race or a repeated command id). When the transaction itself fails,
every save in it gets that error, as each would have alone; the unit of work then asks the store
for its command, as after any save whose outcome is unknown.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.utils import strtobool

from services.persistence.budget import USE_SECONDS, time_left

MOST = 64  # saves in one transaction: bounds how long a batch holds the store's write lock
Outcome = Sequence[int] | None | BaseException


@dataclass(eq=False)
class Pending:
    """One save waiting to be recorded, and, once its batch is done, its outcome."""

    events: Sequence[StoredEvent]
    kwargs: dict[str, Any]
    keys: frozenset[Any]  # what no other save of its batch may touch: aggregates, command id
    leads: bool = False
    taken: bool = False
    done: bool = False
    outcome: Outcome = field(default=None)

    def result(self) -> Sequence[int] | None:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


def keys_of(events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> frozenset[Any]:
    command = kwargs.get("command")
    keys: set[Any] = {e.originator_id for e in events}
    if command is not None:
        keys.add(("command", command.command_id))
    return frozenset(keys)


class GroupCommit:
    """Batches the saves of one process's threads; `record_batch` records a batch in one
    transaction and answers each save's outcome, in order."""

    def __init__(
        self,
        record_alone: Callable[..., Sequence[int] | None],
        record_batch: Callable[[list[Pending]], list[Outcome]],
        most: int = MOST,
    ) -> None:
        self._alone, self._batch, self._most = record_alone, record_batch, most
        self._changed = threading.Condition()
        self._queue: list[Pending] = []
        self._leading = False
        self.batches = 0  # transactions that recorded more than one save

    @property
    def queued(self) -> int:
        return len(self._queue)

    def record(self, events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        pending = Pending(events, kwargs, keys_of(events, kwargs))
        with self._changed:
            self._queue.append(pending)
            if not self._leading:
                self._leading = pending.leads = True
            else:
                self._wait_for_a_turn(pending)
        if not pending.done:
            self._lead()
        return pending.result()

    def _wait_for_a_turn(self, pending: Pending) -> None:
        """Under the lock: until it leads or is done; a save still queued at its caller's
        deadline leaves the queue (not recorded), one already taken waits for its batch."""
        left = time_left()
        give_up = time.monotonic() + (USE_SECONDS if left is None else max(0.0, left))
        while not (pending.leads or pending.done):
            wait = give_up - time.monotonic()
            if wait <= 0 and not pending.taken:
                self._queue.remove(pending)
                raise OperationalError("Timed out waiting for the store: not recorded.")
            if wait <= -USE_SECONDS:  # the batch's own connection is cut off by then
                raise OperationalError("The store did not answer: the outcome is unknown.")
            self._changed.wait(max(0.005, wait if wait > 0 else wait + USE_SECONDS))

    def _lead(self) -> None:
        batch = self._take()
        try:
            if len(batch) == 1:
                outcomes: list[Outcome] = [self._alone(batch[0].events, **batch[0].kwargs)]
            else:
                outcomes = self._batch(batch)
                self.batches += 1
        except BaseException as error:  # the transaction failed: every save in it did
            outcomes = [error] * len(batch)
        with self._changed:
            for pending, outcome in zip(batch, outcomes, strict=True):
                pending.outcome, pending.done = outcome, True
            if self._queue:
                self._queue[0].leads = True
            else:
                self._leading = False
            self._changed.notify_all()

    def _take(self) -> list[Pending]:
        """The queued saves that touch nothing another of them touches, oldest first."""
        with self._changed:
            batch: list[Pending] = []
            touched: set[Any] = set()
            for pending in self._queue:
                if len(batch) == self._most:
                    break
                if touched.isdisjoint(pending.keys):
                    batch.append(pending)
                    pending.taken = True
                touched |= pending.keys  # a later save of the same aggregate keeps its order
            for pending in batch:
                self._queue.remove(pending)
            return batch


def grouping(env: Any, recorder: Any, alone: Callable[..., Any]) -> GroupCommit | None:
    """The recorder's group commit (its `insert_batch`, and `alone` for a batch of one), unless
    the store's GROUP_COMMIT setting turns it off."""
    if not strtobool(env.get("GROUP_COMMIT", "y")):
        return None
    return GroupCommit(functools.partial(alone, recorder), recorder.insert_batch)
