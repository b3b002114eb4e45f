"""Every byte a store holds, as an attacker with a copy of it would read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.store import Store
from tests.support.postgres import ThrowawayPostgres


def raw_bytes(store: Store, request: pytest.FixtureRequest) -> bytes:
    """SQLite: every file in the data folder, write-ahead logs included; PostgreSQL: pg_dump of
    the store's schema (every table: events, snapshots, keys, commands, views, webhooks)."""
    if store.kind == "sqlite":
        files = sorted(p for p in Path(store.data_dir).rglob("*") if p.is_file())
        assert any(p.name.endswith("-wal") for p in files), "the WAL files are read too"
        return b"".join(path.read_bytes() for path in files)
    server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
    return server.dump(store.schema)
