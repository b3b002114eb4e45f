"""Keeps the views current by following the notification log: polling works on every store.

An event the views cannot take (undecodable, or refused by the store) stops the projector just
before it: the views hold everything before it, the stall is recorded for every process to
report (/readyz, `tandem projections status`), and it is tried again at each poll. It is never
skipped: views that silently missed an event would answer wrongly ever after.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Notification, Tracking
from psycopg.sql import SQL, Identifier

from services.errors import StoreUnavailable, ViewsStalled
from services.history import is_relationship_event
from services.persistence.budget import TRANSIENT, unbounded_use
from services.views.leadership import Leadership, Unshared, wait_to_lead
from services.views.stall import Stall
from services.views.store import APPLICATION, MentoringProjection, Views
from services.views.updates import taken

log = logging.getLogger(__name__)
BULK = 10_000  # events applied in one catch-up after which the planner's statistics are stale
BATCH = 2000  # events a transaction when behind: each commit waits for the disk (SQLite fsync)
AWAY = (StoreUnavailable, *TRANSIENT)  # the store, not the event: try again later


class Unappliable(Exception):
    """An event the views cannot take."""

    def __init__(self, position: int, error: Exception) -> None:
        super().__init__(f"position {position}: {error}")
        self.position, self.error = position, error


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
        self.stalled: Stall | None = None

    @property
    def views(self) -> Views:
        return self.projection.view

    def catch_up(self, limit: int | None = None) -> int:
        """Processes what the views have not seen yet; answers how many events it applied."""
        if self.stalled is None:
            self.stalled = self.views.stall()  # perhaps recorded by an earlier projector
        applied = 0
        while limit is None or applied < limit:
            page = BATCH if limit is None else min(BATCH, limit - applied)
            start = self.views.position()
            notifications = self.app.recorder.select_notifications(
                start=start, limit=page, inclusive_of_start=False
            )
            if not notifications:
                break
            try:
                applied += self._apply(notifications, start)
            except Unappliable:
                applied += self._apply_until_stalled(notifications, start)
                break
        self._clear_stall_if_past()
        if applied >= BULK:
            self.views.refresh_statistics()
        return applied

    def _apply(self, notifications: Sequence[Notification], start: int) -> int:
        """All at once, in one transaction: answers how many were applied (0 if another
        projector applied them first); Unappliable if any one cannot be."""
        batch = [(self._decoded(n), Tracking(APPLICATION, n.id)) for n in notifications]
        try:
            self.projection.process_batch(batch)
        except IntegrityError:
            if self.views.position() > start:
                return 0  # another projector applied these first; carry on from there
            raise
        except AWAY:
            raise
        except Exception as error:
            raise Unappliable(notifications[0].id, error) from error
        if self.after_batch is not None:
            touched = {e.originator_id for e, _ in batch if is_relationship_event(e)}
            self.after_batch(touched)
        return len(batch)

    def _decoded(self, notification: Notification) -> Any:
        """The event, if the views take it (None: only its position is recorded)."""
        if not taken(notification.topic):
            return None
        try:
            return self.app.mapper.to_domain_event(notification)
        except AWAY:
            raise
        except Exception as error:
            raise Unappliable(notification.id, error) from error

    def _apply_until_stalled(self, notifications: Sequence[Notification], start: int) -> int:
        """One at a time up to the event that cannot be applied, which is then reported."""
        applied = 0
        for notification in notifications:
            try:
                applied += self._apply([notification], start)
            except Unappliable as stop:
                self._stall(Stall.at(notification.id, stop.error))
                return applied
            start = notification.id
        return applied

    def _stall(self, stall: Stall) -> None:
        if self.stalled is None or self.stalled.position != stall.position:
            log.error("The views stopped before position %s: %s", stall.position, stall.reason)
        self.stalled = stall
        self.views.record_stall(stall)

    def _clear_stall_if_past(self) -> None:
        if self.stalled is not None and self.views.position() >= self.stalled.position:
            log.warning("The views moved past position %s again", self.stalled.position)
            self.stalled = None
            self.views.clear_stall()

    def lag(self) -> int:
        last: int = self.app.recorder.max_notification_id() or 0
        return max(0, last - self.views.position())

    def poke(self) -> None:
        """Something was written: catch up now rather than at the next poll."""
        self._wake.set()

    def wait_for(self, position: int, timeout: float) -> bool:
        """Whether the views reach `position` within `timeout`; at once ViewsStalled if they
        are stopped before it."""
        if self.views.position() >= position:
            return True
        stall = self.stalled or self.views.stall()
        if stall is not None and stall.position <= position:
            raise ViewsStalled(stall.describe())
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
        away = False
        while not stop.is_set() and self.leadership.held():
            try:
                self.catch_up()
                away = False
            except AWAY as error:
                if not away:
                    log.warning("The store does not answer (%s); the views wait for it", error)
                away = True
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
                with unbounded_use(), recorder.datastore.get_connection() as conn:
                    conn.execute(listen)
                    while not stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.poke()
            except Exception:
                log.warning("Listening for new events failed; polling meanwhile")
                stop.wait(self.interval)
