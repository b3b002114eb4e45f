"""eventsourcing's SQLite persistence, with commands recorded beside their events."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import DataError, IntegrityError, StoredEvent
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteFactory,
)

from services.persistence.budget import bounded
from services.persistence.commands import COLUMNS, CommandRecord
from services.persistence.group_commit import GroupCommit, Outcome, Pending, grouping

COMMANDS = "tandem_commands"


class TandemSQLiteRecorder(SQLiteApplicationRecorder):
    grouping: GroupCommit | None = None  # set by the factory unless group commit is off

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {COMMANDS} (command_id TEXT PRIMARY KEY, sub TEXT NOT "
            "NULL, fingerprint TEXT, aggregate_id TEXT NOT NULL, version INTEGER NOT NULL, "
            "part_id TEXT, position INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tandem_probe (filler BLOB)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        command: CommandRecord | None = kwargs.get("command")
        if command is not None and positions:
            row = command.row(max(positions))
            placeholders = ", ".join(f":{name}" for name in row)
            c.execute(f"INSERT INTO {COMMANDS} ({COLUMNS}) VALUES ({placeholders})", row)
        return positions

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.grouping is None:
            return super().insert_events(stored_events, **kwargs)
        return self.grouping.record(stored_events, **kwargs)

    def insert_batch(self, batch: list[Pending]) -> list[Outcome]:
        """Several saves in one transaction, each in a savepoint: a conflict fails its own."""
        outcomes: list[Outcome] = []
        with self.datastore.transaction(commit=True) as c:
            for pending in batch:
                c.execute("SAVEPOINT save")
                try:
                    outcomes.append(self._insert_events(c, pending.events, **pending.kwargs))
                except sqlite3.IntegrityError as error:
                    c.execute("ROLLBACK TO save")
                    outcomes.append(IntegrityError(error))
                except sqlite3.DataError as error:
                    c.execute("ROLLBACK TO save")
                    outcomes.append(DataError(error))
                c.execute("RELEASE save")
        return outcomes

    @bounded
    def command(self, command_id: UUID) -> CommandRecord | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT * FROM {COMMANDS} WHERE command_id = ?", (str(command_id),))
            row = c.fetchone()
        return None if row is None else CommandRecord.from_row(row)

    @bounded
    def position_of(self, aggregate_id: UUID, version: int) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {self.events_table_name} "
                "WHERE originator_id = ? AND originator_version = ?",
                (aggregate_id.hex, version),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def probe_write(self) -> None:
        """Writes and removes a page's worth: fails as a command would while the disk is full."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("INSERT INTO tandem_probe VALUES (zeroblob(8192))")
            c.execute("DELETE FROM tandem_probe")

    select_events = bounded(SQLiteApplicationRecorder.select_events)
    select_notifications = bounded(SQLiteApplicationRecorder.select_notifications)
    max_notification_id = bounded(SQLiteApplicationRecorder.max_notification_id)


class SnapshotRecorder(SQLiteAggregateRecorder):
    select_events = bounded(SQLiteAggregateRecorder.select_events)


class Factory(SQLiteFactory):
    aggregate_recorder_class = SnapshotRecorder
    application_recorder_class = TandemSQLiteRecorder

    def application_recorder(self) -> Any:
        recorder = super().application_recorder()
        assert isinstance(recorder, TandemSQLiteRecorder)
        recorder.grouping = grouping(self.env, recorder, SQLiteApplicationRecorder.insert_events)
        return recorder
