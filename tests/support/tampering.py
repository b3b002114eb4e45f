"""Sealed histories and tampering with them: waiting for seals, editing the event store
behind the service's back, and the operators' `tandem audit` commands on that store.

Seals are written by the projector once it has projected a relationship's events, so a test
waits (a bounded while) for the seal to cover them. Editing the store needs the app in this
process: such tests are marked `in_process` and skipped against a live server. The edits go
through the app's own event table, on whichever store it runs (a SQLite file or PostgreSQL).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from tests.support.api import ApiClient
from tests.support.app import TEST_SECRET

SEAL_WAIT_SECONDS = 5.0
LIVE = bool(os.environ.get("TANDEM_BASE_URL"))
WHERE = "WHERE originator_id = ? AND originator_version = ?"
Test = TypeVar("Test", bound=Callable[..., Any])


def in_process(test: Test) -> Test:
    """Marks a test that reaches into the app's store; a live server's store is out of reach."""
    skipped: Test = pytest.mark.skipif(LIVE, reason="needs the app in this process")(test)
    marked: Test = pytest.mark.in_process(skipped)
    return marked


def verification(api: ApiClient, relationship_id: str, token: str) -> Any:
    answer = api.get(f"/api/relationships/{relationship_id}/history/verification", token=token)
    assert answer.status == 200, f"{answer.status} {answer.body}"
    return answer.body


def sealed(api: ApiClient, relationship_id: str, token: str) -> dict[str, Any]:
    """The verification once the seal covers every event; fails after SEAL_WAIT_SECONDS."""
    deadline = time.monotonic() + SEAL_WAIT_SECONDS
    while True:
        found: dict[str, Any] = verification(api, relationship_id, token)
        if found["sealed_version"] == found["events"] > 0:
            return found
        assert time.monotonic() < deadline, f"never sealed: {found}"
        time.sleep(0.02)


class EventStore:
    """The app's table of stored events, edited with plain SQL as an intruder would."""

    def __init__(self, app: Any) -> None:
        recorder = app.extensions["services"].tandem.recorder
        self.datastore = recorder.datastore
        self.postgres = hasattr(self.datastore, "schema")
        table = recorder.events_table_name
        self.table = f'"{self.datastore.schema}"."{table}"' if self.postgres else table

    def _run(self, sql: str, *params: Any, fetch: bool = False) -> list[Any]:
        statement = sql.format(table=self.table)
        if self.postgres:
            statement = statement.replace("?", "%s")
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement, params)
            return list(cursor.fetchall()) if fetch else []

    def _id(self, relationship_id: str) -> Any:
        """As each store keeps originator ids: a uuid column, or hex text in SQLite."""
        return UUID(relationship_id) if self.postgres else UUID(relationship_id).hex

    def rewrite_actor(self, relationship_id: str, version: int, actor: str) -> None:
        """Pins a recorded step on someone else, leaving the row otherwise well formed."""
        key = self._id(relationship_id)
        (row,) = self._run(f"SELECT state FROM {{table}} {WHERE}", key, version, fetch=True)
        content = json.loads(bytes(row["state"]))
        content["by"] = actor
        rewritten = json.dumps(content, separators=(",", ":")).encode()
        self._run(f"UPDATE {{table}} SET state = ? {WHERE}", rewritten, key, version)

    def replace_state(self, aggregate_id: str, version: int, state: bytes) -> bytes:
        """Puts `state` in place of an event's stored content; answers what was there."""
        key = self._id(aggregate_id)
        (row,) = self._run(f"SELECT state FROM {{table}} {WHERE}", key, version, fetch=True)
        self._run(f"UPDATE {{table}} SET state = ? {WHERE}", state, key, version)
        return bytes(row["state"])

    def delete(self, relationship_id: str, version: int) -> None:
        self._run(f"DELETE FROM {{table}} {WHERE}", self._id(relationship_id), version)

    def delete_all(self, relationship_id: str) -> None:
        self._run("DELETE FROM {table} WHERE originator_id = ?", self._id(relationship_id))

    def swap(self, relationship_id: str, first: int, second: int) -> None:
        """Exchanges two whole rows' places, through negative versions to keep the key unique."""
        key = self._id(relationship_id)
        self._run(
            "UPDATE {table} SET originator_version = CASE originator_version "
            "WHEN ? THEN -? ELSE -? END WHERE originator_id = ? AND originator_version IN (?, ?)",
            first,
            second,
            first,
            key,
            first,
            second,
        )
        self._run(
            "UPDATE {table} SET originator_version = -originator_version "
            "WHERE originator_id = ? AND originator_version < 0",
            key,
        )


def tandem_command(store: Any, *args: str) -> Result:
    """`tandem ...` run on the test's own store, as an operator on that machine would."""
    from web.cli import main

    env = {"TANDEM_SECRET_KEY": TEST_SECRET, "TANDEM_DATA_DIR": str(store.data_dir)}
    if store.kind == "postgres":
        env.update(
            TANDEM_STORE="postgres",
            TANDEM_POSTGRES_HOST=store.host,
            TANDEM_POSTGRES_PORT=str(store.port),
            TANDEM_POSTGRES_DBNAME=store.dbname,
            TANDEM_POSTGRES_USER=store.user,
            TANDEM_POSTGRES_SCHEMA=store.schema,
        )
    return CliRunner().invoke(main, list(args), env=env)
