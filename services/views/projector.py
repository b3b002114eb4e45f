"""Keeps the views current by following the notification log: polling works on every store.

An event the views cannot take (undecodable, or refused by the store) stops the projector just
before it: the views hold everything before it, the stall is recorded for every process to
report (/readyz, `tandem projections status`), and it is tried again at each poll. It is never
skipped: views that silently missed an event would answer wrongly ever after.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Notification, Tracking

from services.errors import ViewsStalled
from services.following import AWAY, LogFollower
from services.history import is_relationship_event
from services.persistence.budget import unbounded_use
from services.views.leadership import Leadership
from services.views.stall import Stall
from services.views.store import APPLICATION, MentoringProjection, Views
from services.views.updates import taken

log = logging.getLogger(__name__)
BULK = 10_000  # events applied in one catch-up after which the planner's statistics are stale
BATCH = 2000  # events a transaction when behind: each commit waits for the disk (SQLite fsync)


class Unappliable(Exception):
    """An event the views cannot take."""

    def __init__(self, position: int, error: Exception) -> None:
        super().__init__(f"position {position}: {error}")
        self.position, self.error = position, error


class Projector(LogFollower):
    name = "projector"
    waits = "the views wait for it"

    def __init__(
        self,
        app: Any,
        projection: MentoringProjection,
        interval: float = 0.5,
        leadership: Leadership | None = None,
    ) -> None:
        super().__init__(interval, leadership)
        self.app = app
        self.projection = projection
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

    def wait_for(self, position: int, timeout: float) -> bool:
        """Whether the views reach `position` within `timeout`; at once ViewsStalled if they
        are stopped before it."""
        if self.views.position() >= position:
            return True
        stall = self.stalled or self.views.stall()
        if stall is not None and stall.position <= position:
            raise ViewsStalled(stall.describe())
        return self.wait_until(self.views.position, position, timeout)

    def turn(self) -> None:
        self.catch_up()

    def lead(self) -> None:
        log.info("Following the log from position %s.", self.views.position())

    def listening(self) -> Callable[[], AbstractContextManager[Any]] | None:
        recorder = self.app.recorder
        if not hasattr(recorder, "channel_name"):
            return None

        @contextmanager
        def connection() -> Iterator[Any]:
            with unbounded_use(), recorder.datastore.get_connection() as conn:
                yield conn

        return connection
