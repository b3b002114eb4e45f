"""Plain connections to Tandem's PostgreSQL store, for what eventsourcing's recorders do not do
(the development secret, the leadership locks), and what Tandem's own tables share there."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from services.store import Store

NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")  # :name parameters, not ::casts


def named_to_pyformat(sql: str) -> str:
    """SQL written with :name parameters (as SQLite takes them) in psycopg's %(name)s."""
    return NAMED.sub(r"%(\1)s", sql)


class InSchema:
    """Tables of Tandem's own beside the library's, in the store's schema, written with :name
    parameters: each transaction begins by setting the search path. Named first among a
    recorder's bases, so that these override what its other bases do on SQLite."""

    datastore: Any

    # Bounded by the caller's own reads of the position: the library's ten retries would wait
    # half a minute.
    max_tracking_id = PostgresTrackingRecorder.max_tracking_id.__wrapped__  # type: ignore[attr-defined]

    def _begin(self, cursor: Any) -> None:
        cursor.execute(self._search_path())

    def _search_path(self) -> Any:
        return SQL("SET LOCAL search_path TO {}").format(Identifier(self.datastore.schema))

    def _dialect(self, sql: str) -> str:
        return named_to_pyformat(sql)


def connect(store: Store, autocommit: bool = True) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=store.host,
        port=store.port,
        dbname=store.dbname,
        user=store.user,
        password=store.password,
        connect_timeout=5,
        autocommit=autocommit,
    )


def schema_of(store: Store) -> str:
    return store.schema or "public"  # as eventsourcing's datastore defaults it


def advisory_key(store: Store, purpose: str) -> int:
    """A lock key of its own for each purpose and schema: stores in other schemas never meet."""
    return lock_key(schema_of(store), purpose)


def lock_key(schema: str, purpose: str) -> int:
    digest = hashlib.blake2b(f"tandem:{schema}:{purpose}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)
