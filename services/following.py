"""Following the log, as the projector and the webhooks' dispatcher both do: a thread that takes
a turn whenever it is poked (a save in this process, PostgreSQL's notification of an insert into
the log) or its interval passes, only while this process leads (one follower of each kind at a
time: services/views/leadership.py), riding out a store that is away."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from psycopg.sql import SQL, Identifier

from services.errors import StoreUnavailable
from services.persistence.budget import TRANSIENT
from services.views.leadership import Leadership, Unshared, wait_to_lead

log = logging.getLogger(__name__)
AWAY = (StoreUnavailable, *TRANSIENT)  # the store, not what was read: try again later


class LogFollower:
    """Subclasses say what a turn does, and what leading and leaving mean for them."""

    app: Any  # the eventsourcing application whose log is followed
    name = "follower"  # the thread's, and the logs'
    waits = "it waits for it"  # what waits while the store is away, for the log
    stop_within = 5.0  # seconds `stop` waits for the thread

    def __init__(self, interval: float, leadership: Leadership | None) -> None:
        self.interval = interval
        self.leadership: Leadership = leadership or Unshared()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def turn(self) -> None:
        raise NotImplementedError

    def lead(self) -> None:
        """Once this process leads, before its first turn."""

    def leave(self) -> None:
        """Before this process gives up the lead."""

    def listening(self) -> Callable[[], AbstractContextManager[Any]] | None:
        """Where to LISTEN for the log's inserts (PostgreSQL): a connection's context, or None
        where the store notifies nothing and polling alone serves."""
        return None

    def poke(self) -> None:
        """Something was written: a turn now rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        """Follows the log in a background thread of this process."""
        self._thread = threading.Thread(
            target=self.run, args=(self._stop,), name=self.name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stops the thread, if one runs (a command may then take turns itself)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.stop_within)
            self._thread = None

    def run(self, stop: threading.Event) -> None:
        """Follows the log while this process leads; as a standby, waits to take over."""
        if (connection := self.listening()) is not None:
            threading.Thread(target=self._listen, args=(stop, connection), daemon=True).start()
        while wait_to_lead(self.leadership, stop, self.interval):
            self.lead()
            try:
                self._follow(stop)
            finally:
                self.leave()
                self.leadership.release()

    def wait_until(self, reached: Callable[[], int], position: int, timeout: float) -> bool:
        """Whether `reached()` gets to `position` within `timeout`, poking meanwhile."""
        deadline = time.monotonic() + timeout
        while reached() < position:
            self.poke()
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def _follow(self, stop: threading.Event) -> None:
        away = False
        while not stop.is_set() and self.leadership.held():
            try:
                self.turn()
                away = False
            except AWAY as error:
                if not away:
                    log.warning("The store does not answer (%s); %s", error, self.waits)
                away = True
            except Exception:
                log.exception("The %s failed; retrying at the next poll", self.name)
            self._wake.wait(self.interval)
            self._wake.clear()

    def _listen(
        self, stop: threading.Event, connection: Callable[[], AbstractContextManager[Any]]
    ) -> None:
        """PostgreSQL notifies each insert into the log: wake at once rather than at the poll."""
        listen = SQL("LISTEN {}").format(Identifier(self.channel))
        while not stop.is_set():
            try:
                with connection() as conn:
                    conn.execute(listen)
                    while not stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.poke()
            except Exception:
                log.warning("Listening for new events failed; polling meanwhile")
                stop.wait(self.interval)

    @property
    def channel(self) -> str:
        return str(self.app.recorder.channel_name)  # type: ignore[attr-defined]
