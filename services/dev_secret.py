"""The development secret: random, made once, kept with the store so every process agrees.

With a SQLite store it is a file in the data directory, beside the store's files; with
PostgreSQL, a row of a small table in the store's schema, so a `tandem token` run from any
folder signs as the server on that database checks. Outside development the secret is
configured (TANDEM_SECRET_KEY) and nothing here is read or written.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

import psycopg
from psycopg.sql import SQL, Identifier

from services.postgres import advisory_key, connect, schema_of
from services.store import SettingsError, Store, check_reachable

TABLE = "tandem_secrets"
NAME = "development"


def development_secret(store: Store) -> str:
    if store.kind == "sqlite":
        return _kept_in_file(store.data_dir / "secret.key")
    return _kept_in_postgres(store)


def where_kept(store: Store) -> str:
    if store.kind == "sqlite":
        return str(store.data_dir / "secret.key")
    where = f"{store.user}@{store.host}:{store.port}/{store.dbname}"
    return f"the table {schema_of(store)}.{TABLE} of PostgreSQL {where}"


def create_secret_table(store: Store) -> None:
    """Creates the (empty) table with the store's others; only development fills it."""
    if store.kind == "postgres":
        with connect(store, autocommit=False) as conn, conn.transaction():
            _create(conn, store)


def _kept_in_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, made = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):  # another process made it first: keep it
                os.link(made, path)
        finally:
            os.unlink(made)
    return path.read_text().strip()


def _kept_in_postgres(store: Store) -> str:
    check_reachable(store)  # an unreachable store stops the command with one line
    table = Identifier(schema_of(store), TABLE)
    with connect(store, autocommit=False) as conn, conn.transaction():
        _create(conn, store)
        conn.execute(
            SQL(
                "INSERT INTO {} (name, value) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING"
            ).format(table),
            (NAME, secrets.token_urlsafe(48)),
        )
        row = conn.execute(SQL("SELECT value FROM {} WHERE name = %s").format(table), (NAME,))
        found = row.fetchone()
    if found is None:
        raise SettingsError("The development secret could not be stored in PostgreSQL.")
    return str(found[0])


def _create(conn: psycopg.Connection[tuple[object, ...]], store: Store) -> None:
    # serialised: CREATE TABLE IF NOT EXISTS can still collide when two processes start at once
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (advisory_key(store, "secrets"),))
    conn.execute(
        SQL("CREATE TABLE IF NOT EXISTS {} (name TEXT PRIMARY KEY, value TEXT NOT NULL)").format(
            Identifier(schema_of(store), TABLE)
        )
    )
