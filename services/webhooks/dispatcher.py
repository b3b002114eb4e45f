"""Follows the log as the projector does, and delivers: the fan-out into queues, the sending
of what is due, reminder passes and e-mail, in one loop of the process that leads (a lock of
its own: one dispatcher at a time), woken by saves here and by PostgreSQL's notifications.

What it has read of the log is recorded with what that reading wrote, in one transaction; a
page that wrote nothing is recorded lazily (reading it again writes nothing again). A delivery
is marked done only after its receiver answered 2xx: killed in between, it is sent again after
a restart, under the same webhook-id.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError

from services.following import LogFollower
from services.postgres import connect
from services.store import Store
from services.views.leadership import Leadership
from services.webhooks.delivering import Deliveries
from services.webhooks.fanout import FanOut
from services.webhooks.mail import Mails
from services.webhooks.reminders import Reminders
from services.webhooks.store import Outbox

log = logging.getLogger(__name__)
BATCH = 1000
FLUSH_EVERY = 1.0  # seconds a position read without writing may go unrecorded


def utc_now() -> datetime:
    return datetime.now(UTC)


class Dispatcher(LogFollower):
    name = "dispatcher"
    waits = "deliveries wait for it"
    stop_within = 15.0

    def __init__(
        self,
        app: Any,
        outbox: Outbox,
        deliveries: Deliveries,
        reminders: Reminders,
        mails: Mails | None,
        reminder_every: float = 60.0,
        interval: float = 0.5,
        leadership: Leadership | None = None,
        clock: Callable[[], datetime] = utc_now,
        store: Store | None = None,
    ) -> None:
        super().__init__(interval, leadership)
        self.app, self.outbox, self.deliveries = app, outbox, deliveries
        self.fanout: FanOut = reminders.fanout
        self.reminders, self.mails = reminders, mails
        self.reminder_every, self.clock = reminder_every, clock
        self.store = store  # PostgreSQL: where to LISTEN, on a connection of its own
        self.deliveries.on_finished = self.poke
        self._read = self._recorded = outbox.position()
        self._recorded_at = time.monotonic()
        self._reminded_at = 0.0
        self._mailing: threading.Thread | None = None

    def catch_up(self, now: datetime | None = None) -> int:
        """Reads the log from where it stopped: queues every delivery the new events make."""
        moment = (now or self.clock()).timestamp()
        read = 0
        while notifications := self.app.recorder.select_notifications(
            start=self._read, limit=BATCH, inclusive_of_start=False
        ):
            page = [(n, self.app.mapper.to_domain_event(n)) for n in notifications]
            statements = self.fanout.statements(page, moment)
            last = notifications[-1].id
            if statements:
                try:
                    self.outbox.write(statements, tracking=last)
                except IntegrityError:
                    self._resume()  # another dispatcher wrote this first; carry on after it
                    continue
                self._recorded, self._recorded_at = last, time.monotonic()
            self._read = last
            read += len(notifications)
        if self._read > self._recorded and time.monotonic() - self._recorded_at >= FLUSH_EVERY:
            self.record_position()
        return read

    def record_position(self) -> None:
        if self._read > self._recorded:
            self.outbox.write([], tracking=self._read)
            self._recorded, self._recorded_at = self._read, time.monotonic()

    def deliver_due(self, now: datetime | None = None) -> int:
        """Sends all that is due by `now` and waits for it (tests and tools; the loop does not)."""
        return self.deliveries.deliver_due(now or self.clock())

    def remind(self, now: datetime | None = None) -> int:
        return self.reminders.record(now or self.clock())

    def send_mail(self, now: datetime | None = None) -> int:
        return 0 if self.mails is None else self.mails.send_due(now or self.clock())

    def position(self) -> int:
        return self.outbox.position()

    def lag(self) -> int:
        last: int = self.app.recorder.max_notification_id() or 0
        return max(0, last - self.position())

    def wait_for(self, position: int, timeout: float) -> bool:
        """Whether the dispatcher has read up to `position` within `timeout`."""
        return self.wait_until(self.position, position, timeout)

    def close(self) -> None:
        self.stop()
        self.deliveries.close()

    def lead(self) -> None:
        self._resume()
        log.info("Delivering webhooks from position %s.", self._read)

    def leave(self) -> None:
        self._finish()

    def listening(self) -> Callable[[], AbstractContextManager[Any]] | None:
        if self.store is None or self.store.kind != "postgres":
            return None
        store = self.store
        return lambda: connect(store)

    def _resume(self) -> None:
        """From what is recorded: another dispatcher may have led meanwhile."""
        self._read = self._recorded = self.outbox.position()
        self.fanout.reload()

    def turn(self) -> None:
        now = self.clock()
        self.catch_up(now)
        self.deliveries.record_finished(now)
        self.deliveries.start_due(now)
        if time.monotonic() - self._reminded_at >= self.reminder_every:
            self._reminded_at = time.monotonic()
            self.remind(now)
        if self.mails is not None and (self._mailing is None or not self._mailing.is_alive()):
            # e-mail goes out beside the loop: a slow SMTP server delays no webhook
            self._mailing = threading.Thread(target=self._mail, args=(now,), daemon=True)
            self._mailing.start()

    def _mail(self, now: datetime) -> None:
        try:
            self.send_mail(now)
        except Exception:
            log.exception("Sending reminder e-mail failed; retrying at the next poll")

    def _finish(self) -> None:
        """Before giving up the lead: what was answered is recorded, what was read too."""
        try:
            deadline = time.monotonic() + 10
            while self.deliveries.in_flight and time.monotonic() < deadline:
                self.deliveries.record_finished(self.clock())
                time.sleep(0.01)
            self.deliveries.record_finished(self.clock())
            self.record_position()
        except Exception:
            log.exception("Could not record the last outcomes; those deliveries go again")
