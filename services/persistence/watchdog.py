"""Cuts off a PostgreSQL connection used for longer than its budget.

A frozen server (SIGSTOP, a hung host) still acknowledges TCP, so no socket or libpq timeout
fires, and a query once sent waits forever. Shutting the socket down from another thread makes
the waiting call fail at once with an OperationalError; the pool then discards the connection.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

log = logging.getLogger(__name__)


class Watchdog:
    def __init__(self) -> None:
        self._due: dict[int, tuple[float, int]] = {}  # use -> (monotonic deadline, socket fd)
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, key: int, fileno: int, seconds: float | None) -> None:
        """Cuts the connection off if it is still in use `seconds` from now."""
        if seconds is None:
            return
        with self._changed:
            self._due[key] = (time.monotonic() + seconds, fileno)
            self._start()
            self._changed.notify()

    def release(self, key: int) -> None:
        with self._changed:
            self._due.pop(key, None)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="store-watchdog", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for watch, (due, fileno) in list(self._due.items()):
                    if due <= now:
                        del self._due[watch]  # cut under the lock: the watch is still in use
                        _cut(fileno)
                soonest = min((due for due, _ in self._due.values()), default=now + 60)
                self._changed.wait(max(0.01, soonest - now))


def _cut(fileno: int) -> None:
    log.warning("A store connection took too long: cutting it off")
    try:
        with socket.socket(fileno=socket.dup(fileno)) as twin:
            twin.shutdown(socket.SHUT_RDWR)  # acts on the connection, not on this duplicate
    except OSError:
        pass  # already closed


WATCHDOG = Watchdog()
