"""Reads of the views from a streaming replica of the PostgreSQL store, where it can serve them.

A read that names no position (`?after=`) is answered from the replica as it stands. One that
does is answered there once the replica's views hold that position (their tracking row comes
through replication with them): the read waits a moment for it, and past that moment reads
the primary, waiting on the projector as ever. A replica that fails to answer is left alone
for a few seconds, its reads going to the primary meanwhile; nothing waits on it for long.
"""

from __future__ import annotations

import logging
import threading
import time
from contextvars import ContextVar
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.sql import SQL, Identifier

from services.persistence.budget import deadline
from services.persistence.postgres import BoundedPool
from services.postgres import named_to_pyformat
from services.store import Store
from services.views.store import APPLICATION, Views

log = logging.getLogger(__name__)
WAIT_SECONDS = 1.0  # how long a read asking for a position waits for the replica
USE_SECONDS = 2.0  # one read of the replica, connecting included
DOWN_SECONDS = 5.0  # after a failure, the replica is left alone this long
# The log position this thread's current read needs the views to hold (set by await_position).
NEEDED: ContextVar[int] = ContextVar("views_position_needed", default=0)


class ReplicaReads:
    """The views' reads (`fetch`, `position`) from the replica, else from the primary."""

    def __init__(self, primary: Views, store: Store) -> None:
        self.primary = primary
        schema = store.schema or "public"
        self._pool = BoundedPool(
            kwargs={
                "host": store.read_host,
                "port": store.read_port,
                "dbname": store.dbname,
                "user": store.user,
                "password": store.password,
                "row_factory": dict_row,
                "autocommit": True,
                "connect_timeout": 2,
            },
            configure=lambda conn: _search(conn, schema),
            min_size=1,
            max_size=max(2, store.pool_size),
            open=False,
            timeout=USE_SECONDS,
            reconnect_timeout=30,
        )
        self._where = SQL("SELECT notification_id FROM {} WHERE application_name = %s").format(
            Identifier(getattr(primary, "tracking_table_name", "views_tracking"))
        )
        self._opened = threading.Lock()
        self._seen = 0  # the replica's position, as last read: it only ever grows
        self._down_until = 0.0

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self._serves(NEEDED.get()):
            try:
                return self._on_replica(named_to_pyformat(sql), params)
            except psycopg.Error as error:
                self._down(error)
        return self.primary.fetch(sql, params)

    def position(self) -> int:
        if self._serves(NEEDED.get()):
            try:
                return self._replica_position()
            except psycopg.Error as error:
                self._down(error)
        return self.primary.position()

    def holds(self, position: int, timeout: float = WAIT_SECONDS) -> bool:
        """Whether the replica's views reach `position` within `timeout` (False if it is away)."""
        give_up = time.monotonic() + timeout
        while self._seen < position and time.monotonic() >= self._down_until:
            try:
                if self._replica_position() >= position:
                    return True
            except psycopg.Error as error:
                self._down(error)
                return False
            if time.monotonic() >= give_up:
                return False
            time.sleep(0.01)
        return self._seen >= position

    def lag(self) -> int:
        """How many log positions the replica's views are behind the primary's."""
        return max(0, self.primary.position() - self.position())

    def close(self) -> None:
        self._pool.close()

    def _serves(self, needed: int) -> bool:
        return time.monotonic() >= self._down_until and (needed <= self._seen or needed == 0)

    def _replica_position(self) -> int:
        rows = self._on_replica(self._where, (APPLICATION,))
        self._seen = max(self._seen, int(rows[0]["notification_id"]) if rows else 0)
        return self._seen

    def _on_replica(self, sql: Any, params: Any) -> list[dict[str, Any]]:
        with self._opened:
            if self._pool.closed:
                self._pool.open(wait=False)
        with deadline(USE_SECONDS), self._pool.connection() as conn:
            return [dict(row) for row in conn.execute(sql, params).fetchall()]

    def _down(self, error: Exception) -> None:
        if time.monotonic() >= self._down_until:
            log.warning("The read replica does not answer (%s): reading the primary", error)
        self._down_until = time.monotonic() + DOWN_SECONDS


def _search(connection: Any, schema: str) -> None:
    connection.execute(SQL("SET search_path TO {}").format(Identifier(schema)))
