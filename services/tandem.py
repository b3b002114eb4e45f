"""Tandem's aggregates on one event log: loading them, and saving what commands changed.

The services (mentoring, programmes, reads, evidence) each hold this application and use it
for storage only; what a command does is theirs, how it is recorded is the unit of work's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProjectorFunction,
    Repository,
    project_aggregate,
)
from eventsourcing.domain import Aggregate, OriginatorIDError, OriginatorVersionError
from eventsourcing.persistence import EventStore, MapperDeserialisationError
from eventsourcing.utils import TopicError, strtobool

from domain import Relationship
from services.errors import DamagedHistory, NotFound
from services.persistence.budget import unavailable
from services.persistence.commands import CommandLog
from services.privacy.keys import KeyEncryption, Keyring, StoredKey
from services.privacy.mapper import EnvelopeMapper, KeyedEventStore
from services.speedups.cheap_copies import CopyingRepository
from services.speedups.snapshots import SNAPSHOT_INTERVAL, StateSnapshot
from services.store import Store

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
DEVELOPMENT_KEK = b"tandem development key-encryption key"  # only where no settings give one
# What the library raises for stored events it cannot replay: undecodable, unknown, or out of
# sequence. A damaged store, not a bug: anything else raised on replay is left alone.
UNREPLAYABLE = (MapperDeserialisationError, OriginatorVersionError, OriginatorIDError, TopicError)


class Tandem(Application[UUID]):
    name = "Tandem"
    mapper: EnvelopeMapper
    # Recently used aggregates stay in memory; each use first reads what was saved since
    # (fast-forward), so several processes on one store still see each other's writes.
    env = {"AGGREGATE_CACHE_MAXSIZE": "1000"}
    # Long relationships load from their latest snapshot; the others are short-lived.
    snapshotting_intervals = {Relationship: SNAPSHOT_INTERVAL}

    def __init__(self, *args: Any, keys: KeyEncryption | None = None, **kwargs: Any) -> None:
        self.keyring = Keyring(self, keys or KeyEncryption(DEVELOPMENT_KEK))
        super().__init__(*args, **kwargs)
        self.on_saved: list[Callable[[], None]] = []
        self.write_failure: str | None = None  # why the last save failed, until one succeeds

    @property
    def commands(self) -> CommandLog:
        """The store's record of commands (services.persistence): Tandem's own recorders."""
        return cast(CommandLog, self.recorder)

    def load(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        try:
            with self.replaying(aggregate_id), self.keyring.session():
                aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"No {cls.__name__.lower()} {aggregate_id}.") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"No {cls.__name__.lower()} {aggregate_id}.")
        return aggregate

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            return self.load(cls, aggregate_id)
        except NotFound:
            return None

    @contextmanager
    def replaying(self, aggregate_id: UUID) -> Iterator[None]:
        """Reading stored events: what a damaged store makes the library raise is a
        DamagedHistory (a 409 naming the relationship; its verification says more)."""
        try:
            yield
        except UNREPLAYABLE as error:
            raise damaged(aggregate_id, type(error).__name__) from None

    def version_at(self, aggregate_id: UUID, moment: datetime) -> int:
        """The version of the last event at or before `moment`; 0 if there was none then.

        Bisects on single-event reads: an aggregate's events are stamped in the order they are
        saved (domain.aggregate), so their times do not decrease as their versions increase.
        """
        with self.replaying(aggregate_id):
            last: list[Any] = list(self.events.get(aggregate_id, desc=True, limit=1))
            if not last:
                return 0
            low, high = 0, int(last[0].originator_version)  # low: at or before; above high: after
            if last[0].timestamp <= moment:
                return high
            high -= 1
            while low < high:
                middle = (low + high + 1) // 2
                found: list[Any] = list(self.events.get(aggregate_id, gt=middle - 1, lte=middle))
                if len(found) != 1:
                    raise damaged(aggregate_id, f"version {middle} missing")
                if found[0].timestamp <= moment:
                    low = middle
                else:
                    high = middle - 1
            return low

    def writes_failing(self) -> str | None:
        """Why writes fail, if the last one did and a probe write fails too; else None."""
        if self.write_failure is None:
            return None
        try:
            self.commands.probe_write()
        except Exception as error:
            self.write_failure = str(unavailable(error))
            return self.write_failure
        self.write_failure = None
        return None

    def data_keys(self, subjects: Collection[UUID]) -> dict[UUID, StoredKey]:
        """The keyring's table: the recorder's (services.persistence.keys)."""
        return cast(Any, self.recorder).data_keys(subjects)  # type: ignore[no-any-return]

    def construct_mapper(self) -> EnvelopeMapper:
        """Sealed fields in envelopes under their subject's key (services.privacy)."""
        return EnvelopeMapper(super().construct_mapper(), self.keyring)

    def construct_event_store(self) -> EventStore[UUID]:
        return KeyedEventStore(mapper=self.mapper, recorder=self.recorder)

    def construct_snapshot_store(self) -> EventStore[UUID]:
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        return KeyedEventStore(mapper=self.mapper, recorder=recorder)

    def construct_repository(self) -> Repository[UUID]:
        """The library's repository, but copying from its cache cheaply (services.speedups)."""
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return CopyingRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
        )

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
        """Snapshots hold plain values (services.speedups.snapshots). They are taken after
        the events are committed, so a failure must not fail the command: loads replay."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
            assert self.snapshots is not None
            self.snapshots.put([StateSnapshot.take(aggregate)])
        except Exception:
            log.exception("No snapshot of %s at version %s", aggregate_id, version)


def damaged(aggregate_id: UUID, why: str) -> DamagedHistory:
    return DamagedHistory(
        f"The stored history of {aggregate_id} cannot be replayed ({why});"
        " its verification names what is wrong."
    )


def open_tandem(store: Store | str | Path, keys: KeyEncryption | None = None) -> Tandem:
    """Tandem on its store; a path means the embedded default, a SQLite file in that folder.
    `keys`: the key-encryption key(s) of the data keys (Settings); else a development one."""
    store = store if isinstance(store, Store) else Store.sqlite(store)
    return Tandem(env=store.environment("tandem"), keys=keys)
