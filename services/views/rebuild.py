"""A rebuild beside the live views: new tables filled from the log while the live ones go on
answering (and the projector on keeping them), indexed once filled, caught up with the log, then
swapped in, in one transaction, at the position they reached. Readers see the old views or the
new, never none; a rebuild that stops leaves the live views as they were.

Only the events the views take are decoded. The tables are filled without their indexes, which
are made once at the end. On PostgreSQL the filling is shared among processes: the programmes
first (a relationship's row reads its programme's period), then each process the relationships
whose id falls to its share, into the same tables.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from domain import Program
from services.privacy.keys import KeyEncryption
from services.store import Store
from services.tandem import open_tandem
from services.views.leadership import leadership_for
from services.views.projector import Unappliable
from services.views.store import Views, open_views
from services.views.updates import taken

PAGE = 5000  # events a transaction while filling: a live projector waits for one at a time
Progress = Callable[[int, int], None]  # the log position reached, and the log's end


class RebuildUnderWay(Exception):
    """Another rebuild is filling the tables beside the views."""


@dataclass(frozen=True)
class Rebuilt:
    position: int  # the log position the views were swapped in at
    seconds: float


def in_share(notification: Notification, share: int, shares: int) -> bool:
    """Whether a relationship's event falls to this share of the work (by relationship id)."""
    found = notification.originator_id
    mine = (found if isinstance(found, UUID) else UUID(found)).int % shares == share
    return bool(mine and taken(notification.topic, relationships_only=True))


class Filler:
    """Reads the log from a position, decodes what the views take, and writes it to the
    rebuilt tables, a page a transaction (or in the caller's transaction)."""

    def __init__(
        self,
        app: Any,
        views: Views,
        keep: Callable[[Notification], bool],
        lineage: bool = True,
    ) -> None:
        self.app, self.views, self.keep = app, views, keep
        self.lineage = lineage  # off where processes share the filling: counted once filled
        self.read = 0

    def fill(
        self,
        position: int,
        stop: int | None = None,
        cursor: Any = None,
        topics: Sequence[str] = (),
        reached: Callable[[int], None] = lambda _: None,
    ) -> int:
        """From `position` up to `stop` (or the end of the log); answers the position reached."""
        while stop is None or position < stop:
            page = self.app.recorder.select_notifications(
                start=position, limit=PAGE, stop=stop, topics=topics, inclusive_of_start=False
            )
            if not page:
                break
            self._write([n for n in page if self.keep(n)], cursor)
            position = page[-1].id
            self.read += len(page)
            reached(position)
        return position if stop is None else max(position, stop)

    def _write(self, notifications: list[Notification], cursor: Any) -> None:
        events = [(self._decoded(n), n.id) for n in notifications]
        if cursor is not None:
            self.views.write(cursor, events, "next_", self.lineage)
            return
        try:
            self.views.write_next(events, self.lineage)
        except Exception:
            for event in events:  # one at a time, to name the event that cannot be applied
                try:
                    self.views.write_next([event], self.lineage)
                except Exception as error:
                    raise Unappliable(event[1], error) from error
            raise

    def _decoded(self, notification: Notification) -> Any:
        try:
            return self.app.mapper.to_domain_event(notification)
        except Exception as error:
            raise Unappliable(notification.id, error) from error


class Rebuild:
    def __init__(
        self,
        app: Any,
        views: Views,
        store: Store,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> None:
        self.app, self.views, self.store = app, views, store
        self.keys: KeyEncryption = app.keyring.encryption
        self.workers = workers if store.kind == "postgres" else 1  # SQLite: one writer anyway
        self.progress = progress or _quiet
        self.end = 0

    def run(self) -> Rebuilt:
        lock = leadership_for(self.store, "rebuild")
        if not lock.try_acquire():
            raise RebuildUnderWay("Another rebuild is under way; this one stops.")
        started = time.perf_counter()
        try:
            generation = self.views.prepare_next()
            try:
                filler = Filler(self.app, self.views, lambda n: taken(n.topic))
                self.end = self.app.recorder.max_notification_id() or 0
                position = self._fill(filler, self.end)
                self.views.index_next(generation)
                caught_up = filler.fill(position, reached=self._reached)
                position = self.views.swap_next(
                    generation, lambda cursor: filler.fill(caught_up, cursor=cursor)
                )
            except BaseException:
                self.views.drop_next()
                raise
        finally:
            lock.release()
        self._reached(position)
        return Rebuilt(position, time.perf_counter() - started)

    def _reached(self, position: int) -> None:
        self.end = max(self.end, position)
        self.progress(position, self.end)

    def _fill(self, filler: Filler, end: int) -> int:
        if self.workers == 1:
            return filler.fill(0, end, reached=self._reached)
        programmes = [get_topic(Program.Created)]
        filler.fill(0, end, topics=programmes)  # first: relationships read their programme
        reached = self._shared(end)
        self.views.count_lineage_next()
        return reached

    def _shared(self, end: int) -> int:
        """Each process fills the relationships of its share; answers `end` once all have."""
        spawn = multiprocessing.get_context("spawn")
        reached = [spawn.Value("q", 0) for _ in range(self.workers)]
        failures = spawn.Queue()
        processes = [
            spawn.Process(
                target=fill_share,
                args=(self.store, self.keys, share, self.workers, end, reached[share], failures),
                daemon=True,
            )
            for share in range(self.workers)
        ]
        for process in processes:
            process.start()
        while any(process.is_alive() for process in processes):
            processes[0].join(0.2)
            self._reached(sum(r.value for r in reached) // self.workers)
        if any(process.exitcode != 0 for process in processes):
            position, reason = failures.get(timeout=5) if not failures.empty() else (0, "")
            raise Unappliable(position, RuntimeError(reason or "a rebuild process failed"))
        return end


def fill_share(
    store: Store,
    keys: KeyEncryption,
    share: int,
    shares: int,
    end: int,
    reached: Any,
    failures: Any,
) -> None:
    """In a process of its own: the relationship events of one share, up to `end` (opened
    with the server's key-encryption key: envelopes are opened as the projector opens them)."""
    store = replace(store, create_tables=False, pool_size=1, max_overflow=1)
    app, views = open_tandem(store, keys), open_views(store)

    def report(position: int) -> None:
        reached.value = position

    try:
        mine = Filler(app, views, lambda n: in_share(n, share, shares), lineage=False)
        mine.fill(0, end, reached=report)
    except Unappliable as stop:
        failures.put((stop.position, f"{type(stop.error).__name__}: {stop.error}"))
        raise SystemExit(1) from None
    finally:
        views.close()
        app.close()


def rebuild_views(
    services: Any, store: Store, workers: int = 1, progress: Progress | None = None
) -> Rebuilt:
    """The services' views rebuilt beside the live ones (the store's settings for the workers)."""
    return Rebuild(services.tandem, services.views, store, workers, progress or _quiet).run()


def _quiet(position: int, end: int) -> None:
    """No progress shown."""
