"""Keeps the views current by following the notification log: polling works on every store."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking
from psycopg.sql import SQL, Identifier

from services.history import is_relationship_event
from services.views.leadership import Leadership, Unshared, wait_to_lead
from services.views.store import APPLICATION, MentoringProjection, Views

log = logging.getLogger(__name__)
BULK = 10_000  # events applied in one catch-up after which the planner's statistics are stale
BATCH = 2000  # events a transaction when behind: each commit waits for the disk (SQLite fsync)


class Projector:
    def __init__(
        self,
        app: Any,
        projection: MentoringProjection,
        interval: float = 0.5,
        leadership: Leadership | None = None,
    ) -> None:
        self.app = app
        self.projection = projection
        self.interval = interval
        self.leadership: Leadership = leadership or Unshared()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.after_batch: Callable[[set[UUID]], object] | None = None

    @property
    def views(self) -> Views:
        return self.projection.view

    def catch_up(self, limit: int | None = None) -> int:
        """Processes what the views have not seen yet; answers how many events it applied."""
        applied = 0
        while limit is None or applied < limit:
            page = BATCH if limit is None else min(BATCH, limit - applied)
            start = self.views.position()
            notifications = self.app.recorder.select_notifications(
                start=start, limit=page, inclusive_of_start=False
            )
            if not notifications:
                break
            batch = [
                (self.app.mapper.to_domain_event(n), Tracking(APPLICATION, n.id))
                for n in notifications
            ]
            try:
                self.projection.process_batch(batch)
            except IntegrityError:
                if self.views.position() > start:
                    continue  # another projector applied these first; carry on from there
                raise

            applied += len(batch)
            if self.after_batch is not None:
                touched = {e.originator_id for e, _ in batch if is_relationship_event(e)}
                self.after_batch(touched)
        if applied >= BULK:
            self.views.refresh_statistics()
        return applied

    def lag(self) -> int:
        last: int = self.app.recorder.max_notification_id() or 0
        return max(0, last - self.views.position())

    def poke(self) -> None:
        """Something was written: catch up now rather than at the next poll."""
        self._wake.set()

    def wait_for(self, position: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.views.position() < position:
            self.poke()
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def start(self) -> None:
        """Follows the log in a background thread of this process."""
        self._thread = threading.Thread(
            target=self.run, args=(self._stop,), name="projector", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def run(self, stop: threading.Event) -> None:
        """Follows the log while this process leads; as a standby, waits to take over."""
        if hasattr(self.app.recorder, "channel_name"):
            listener = threading.Thread(target=self._listen, args=(stop,), daemon=True)
            listener.start()
        while wait_to_lead(self.leadership, stop, self.interval):
            log.info("Following the log from position %s.", self.views.position())
            try:
                self._follow(stop)
            finally:
                self.leadership.release()

    def _follow(self, stop: threading.Event) -> None:
        """Catches up, then polls (or is poked, by this process or PostgreSQL) until stopped."""
        while not stop.is_set() and self.leadership.held():
            try:
                self.catch_up()
            except Exception:
                log.exception("The projector failed; retrying at the next poll")
            self._wake.wait(self.interval)
            self._wake.clear()

    def _listen(self, stop: threading.Event) -> None:
        """PostgreSQL notifies each insert into the log: wake at once rather than at the poll."""
        recorder = self.app.recorder
        listen = SQL("LISTEN {}").format(Identifier(recorder.channel_name))
        while not stop.is_set():
            try:
                with recorder.datastore.get_connection() as conn:
                    conn.execute(listen)
                    while not stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.poke()
            except Exception:
                log.exception("Listening for new events failed; polling meanwhile")
                stop.wait(self.interval)
