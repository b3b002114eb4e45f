"""eventsourcing's SQLite persistence, with commands and data keys recorded beside their events."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import DataError, IntegrityError, StoredEvent
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteFactory,
)

from services.persistence import keys
from services.persistence.budget import bounded
from services.persistence.commands import COLUMNS, FORGET_FINGERPRINTS, CommandRecord
from services.persistence.group_commit import GroupCommit, Outcome, Pending, grouping
from services.privacy.keys import StoredKey

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
            keys.create("sqlite"),
        ]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.grouping is None:
            positions = super().insert_events(stored_events, **kwargs)
        else:
            positions = self.grouping.record(stored_events, **kwargs)
        if kwargs.get("destroy_keys"):
            self.forget_residue()
        return positions

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        write_keys(c, **kwargs)
        if erased := kwargs.get("destroy_keys"):
            forget = FORGET_FINGERPRINTS.format(table=COMMANDS, subject="?")
            c.executemany(forget, [(str(subject),) for subject in sorted(erased)])
        rewrite(c, self.events_table_name, **kwargs)
        positions = super()._insert_events(c, stored_events, **kwargs)
        command: CommandRecord | None = kwargs.get("command")
        if command is not None and positions:
            row = command.row(max(positions))
            placeholders = ", ".join(f":{name}" for name in row)
            c.execute(f"INSERT INTO {COMMANDS} ({COLUMNS}) VALUES ({placeholders})", row)
        return positions

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

    @bounded
    def data_keys(self, subjects: Collection[UUID]) -> dict[UUID, StoredKey]:
        found: dict[UUID, StoredKey] = {}
        with self.datastore.transaction(commit=False) as c:
            for page in keys.pages(subjects):
                marks = ", ".join("?" for _ in page)
                c.execute(keys.SELECT.format(subjects=marks), [str(s) for s in page])
                found.update((key.subject, key) for key in map(keys.stored, c.fetchall()))
        return found

    def every_data_key(self) -> list[StoredKey]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(keys.EVERY)
            return [keys.stored(row) for row in c.fetchall()]

    def rewrap_data_keys(self, wrapped: Sequence[StoredKey]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute("PRAGMA secure_delete = ON")
            c.executemany(keys.REWRAP, keys.new_rows(wrapped, str))
        self.forget_residue()

    def compact(self, *tables: str) -> None:
        """After rewriting many rows (a migration): the file rebuilt without their old bytes."""
        with self.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("VACUUM")
        self.forget_residue()

    def forget_residue(self, *tables: str) -> None:
        """What was overwritten lingers in the write-ahead log until it is checkpointed and
        truncated (erased keys, re-encrypted events): done now, unless a reader holds it."""
        with self.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    select_events = bounded(SQLiteApplicationRecorder.select_events)
    select_notifications = bounded(SQLiteApplicationRecorder.select_notifications)
    max_notification_id = bounded(SQLiteApplicationRecorder.max_notification_id)


class SnapshotRecorder(SQLiteAggregateRecorder):
    select_events = bounded(SQLiteAggregateRecorder.select_events)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        write_keys(c, **kwargs)
        rewrite(c, self.events_table_name, **kwargs)
        return super()._insert_events(c, stored_events, **kwargs)


def write_keys(
    c: SQLiteCursor,
    new_keys: Sequence[StoredKey] = (),
    destroy_keys: Collection[UUID] = (),
    **_: Any,
) -> None:
    """In the events' transaction: keys made for them, and tombstones for an erasure (their
    bytes overwritten with zeros, not left in free pages)."""
    if new_keys:
        c.executemany(keys.INSERT, keys.new_rows(new_keys, str))
    if destroy_keys:
        c.execute("PRAGMA secure_delete = ON")
        c.executemany(keys.DESTROY, keys.tombstone_rows(destroy_keys, str))


class Factory(SQLiteFactory):
    aggregate_recorder_class = SnapshotRecorder
    application_recorder_class = TandemSQLiteRecorder

    def application_recorder(self) -> Any:
        recorder = super().application_recorder()
        assert isinstance(recorder, TandemSQLiteRecorder)
        recorder.grouping = grouping(self.env, recorder, SQLiteApplicationRecorder.insert_events)
        return recorder


def rewrite(
    c: SQLiteCursor, table: str, rewrite_events: Sequence[StoredEvent] = (), **_: Any
) -> None:
    """In one transaction with what else is written: stored events given new content on
    purpose (a migration), their old bytes overwritten with zeros."""
    if rewrite_events:
        c.execute("PRAGMA secure_delete = ON")
        c.executemany(
            f"UPDATE {table} SET state = ? WHERE originator_id = ? AND originator_version = ?",
            [
                (e.state, UUID(str(e.originator_id)).hex, e.originator_version)
                for e in rewrite_events
            ],
        )
