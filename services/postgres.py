"""Plain connections to Tandem's PostgreSQL store, for what eventsourcing's recorders do not do:
the development secret and the projector's leadership lock."""

from __future__ import annotations

import hashlib

import psycopg

from services.store import Store


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
