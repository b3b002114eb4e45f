"""One projector follows the log at a time: whichever takes the lock first leads, the others
wait as standbys and one takes over when the leader stops (its process ends or its lock is lost).

PostgreSQL: a session advisory lock held on a connection of its own, which the server frees when
the connection or the process dies. SQLite: an flock on a file in the data directory, which the
kernel frees when the process dies.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from services.persistence.watchdog import WATCHDOG
from services.postgres import advisory_key, connect
from services.store import Store

log = logging.getLogger(__name__)
CHECK_EVERY = 1.0  # seconds between checks that a PostgreSQL leader still holds its lock


class Leadership(Protocol):
    def try_acquire(self) -> bool:
        """Takes the lock if it is free; True if this process now leads."""

    def held(self) -> bool:
        """Whether this process still leads (a PostgreSQL connection can be lost)."""

    def release(self) -> None: ...


def leadership_for(store: Store, purpose: str = "projector") -> Leadership:
    """The lock for one purpose (the projector, the webhook dispatcher): one holder each."""
    if store.kind == "sqlite":
        return FileLock(store.data_dir / f"{purpose}.lock")
    return AdvisoryLock(store, purpose)


def wait_to_lead(leadership: Leadership, stop: threading.Event, interval: float) -> bool:
    """Blocks until this process leads (True) or `stop` is set (False); says once if it waits."""
    standing_by = False
    while not stop.is_set():
        try:
            if leadership.try_acquire():
                if standing_by:
                    log.warning("The other projector stopped: this one takes over the log.")
                return True
        except Exception:
            log.exception("Could not check which projector follows the log; trying again")
        if not standing_by:
            log.warning(
                "Another projector is following the log: this one waits as a standby "
                "and takes over when it stops."
            )
            standing_by = True
        stop.wait(interval)
    return False


class Unshared:
    """A projector nothing else can reach (tests, a rebuild in a scratch store): always leads."""

    def try_acquire(self) -> bool:
        return True

    def held(self) -> bool:
        return True

    def release(self) -> None:
        pass


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def try_acquire(self) -> bool:
        if self._descriptor is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the file frees its lock
            self._descriptor = None


class AdvisoryLock:
    def __init__(self, store: Store, purpose: str = "projector") -> None:
        self.store = store
        self.key = advisory_key(store, purpose)
        self._connection: Any = None
        self._checked = 0.0

    def try_acquire(self) -> bool:
        if self._connection is not None:
            return True
        connection = connect(self.store)
        try:
            row = connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        except Exception:
            connection.close()
            raise
        if not (row and row[0]):
            connection.close()
            return False
        self._connection, self._checked = connection, time.monotonic()
        return True

    def held(self) -> bool:
        if self._connection is None:
            return False
        if time.monotonic() - self._checked < CHECK_EVERY:
            return True
        try:
            WATCHDOG.watch(id(self), self._connection.fileno(), CHECK_EVERY * 5)  # a frozen server
            self._connection.execute("SELECT 1")
        except Exception:
            log.warning("The projector's lock connection was lost: it stops leading.")
            self.release()
            return False
        finally:
            WATCHDOG.release(id(self))
        self._checked = time.monotonic()
        return True

    def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.close()  # the session's advisory lock goes with it
            except Exception:
                log.exception("Closing the projector's lock connection failed")
