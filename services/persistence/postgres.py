"""eventsourcing's PostgreSQL persistence, with commands recorded beside their events and every
use of a connection bounded in time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import DataError, IntegrityError, StoredEvent
from eventsourcing.postgres import (
    ConnectionPool,
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from services.persistence.budget import bounded, time_left, use_seconds
from services.persistence.commands import COLUMNS, CommandRecord
from services.persistence.group_commit import GroupCommit, Outcome, Pending, grouping
from services.persistence.watchdog import WATCHDOG

COMMANDS = "tandem_commands"


class BoundedPool(ConnectionPool):  # type: ignore[type-arg]
    """Waits for a connection no longer than the caller's deadline allows, and has each use
    watched: a frozen server cannot hold a thread."""

    def getconn(self, timeout: float | None = None) -> Any:
        left = time_left()
        if left is not None:
            timeout = max(0.05, min(timeout or self.timeout, left))
        conn = super().getconn(timeout)
        WATCHDOG.watch(id(conn), conn.fileno(), use_seconds())
        return conn

    def putconn(self, conn: Any) -> None:
        WATCHDOG.release(id(conn))
        super().putconn(conn)


class TandemPostgresRecorder(PostgresApplicationRecorder):
    grouping: GroupCommit | None = None  # set by the factory unless group commit is off

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.commands = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(COMMANDS))
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (command_id uuid PRIMARY KEY, sub text NOT NULL, "
                "fingerprint text, aggregate_id uuid NOT NULL, version bigint NOT NULL, "
                "part_id uuid, position bigint)"
            ).format(self.commands),
            SQL("CREATE TABLE IF NOT EXISTS {}.tandem_probe (filler bytea)").format(
                Identifier(datastore.schema)
            ),
        ]

    # No retry of a write by the library: after a lost connection it cannot tell whether the
    # commit landed, and a blind retry meets the unique key and reads as a lost race. The
    # application looks the command up instead.
    insert_alone = PostgresApplicationRecorder.insert_events.__wrapped__  # type: ignore[attr-defined]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.grouping is None:
            return self.insert_alone(stored_events, **kwargs)  # type: ignore[no-any-return]
        return self.grouping.record(stored_events, **kwargs)

    def insert_batch(self, batch: list[Pending]) -> list[Outcome]:
        """Several saves in one transaction, the log's table locked once: all events in one
        statement and all command rows in another; if any conflicts, again with each save in a
        savepoint of its own, so that the conflict fails its own save alone."""
        try:
            return self._insert_together(batch)
        except (IntegrityError, DataError):
            return self._insert_each(batch)

    def _insert_together(self, batch: list[Pending]) -> list[Outcome]:
        events = [event for pending in batch for event in pending.events]
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            self._notify_channel(curs)
            PostgresAggregateRecorder._insert_stored_events(self, curs, events)
            ids = [row["notification_id"] for row in curs.fetchall()]  # in the order inserted
            outcomes: list[Outcome] = []
            commands = []
            for pending in batch:
                mine, ids = ids[: len(pending.events)], ids[len(pending.events) :]
                outcomes.append(mine)
                command: CommandRecord | None = pending.kwargs.get("command")
                if command is not None and mine:
                    commands.append(command.row(max(mine)))
            if commands:
                placeholders = ", ".join(f"%({name})s" for name in commands[0])
                statement = SQL("INSERT INTO {} ({}) VALUES ({})").format(
                    self.commands, SQL(COLUMNS), SQL(placeholders)
                )
                curs.executemany(statement, commands)
        return outcomes

    def _insert_each(self, batch: list[Pending]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            self._notify_channel(curs)
            for pending in batch:
                events, kwargs = pending.events, pending.kwargs
                try:
                    with conn.transaction():
                        self._insert_events(curs, events, **kwargs)
                        PostgresAggregateRecorder._insert_stored_events(self, curs, events)
                        outcomes.append(self._fetch_ids_after_insert_events(curs, events, **kwargs))
                except psycopg.IntegrityError as error:
                    outcomes.append(IntegrityError(str(error)))
                except psycopg.DataError as error:
                    outcomes.append(DataError(str(error)))
        return outcomes

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        command: CommandRecord | None = kwargs.get("command")
        if command is not None:  # before the events: a duplicate fails at the library's sync
            row = command.row(0)
            placeholders = ", ".join(f"%({name})s" for name in row)
            statement = SQL("INSERT INTO {} ({}) VALUES ({})").format(
                self.commands, SQL(COLUMNS), SQL(placeholders)
            )
            curs.execute(statement, row, prepare=True)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        command: CommandRecord | None = kwargs.get("command")
        if command is not None and positions:
            curs.execute(
                SQL("UPDATE {} SET position = %s WHERE command_id = %s").format(self.commands),
                (max(positions), command.command_id),
                prepare=True,
            )
        return positions

    @bounded
    def command(self, command_id: UUID) -> CommandRecord | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL("SELECT * FROM {} WHERE command_id = %s").format(self.commands), (command_id,)
            )
            row = curs.fetchone()
        return None if row is None else CommandRecord.from_row(row)

    @bounded
    def position_of(self, aggregate_id: UUID, version: int) -> int | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT notification_id FROM {}.{} "
                    "WHERE originator_id = %s AND originator_version = %s"
                ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name)),
                (aggregate_id, version),
            )
            row = curs.fetchone()
        return None if row is None else int(row["notification_id"])

    def probe_write(self) -> None:
        """Writes and removes a page's worth: fails as a command would while the disk is full."""
        with self.datastore.transaction(commit=True) as curs:
            probe = SQL("{}.tandem_probe").format(Identifier(self.datastore.schema))
            curs.execute(
                SQL("INSERT INTO {} VALUES (decode(repeat('00', 8192), 'hex'))").format(probe)
            )
            curs.execute(SQL("DELETE FROM {}").format(probe))

    select_events = bounded(PostgresApplicationRecorder.select_events.__wrapped__)  # type: ignore[attr-defined]
    select_notifications = bounded(
        PostgresApplicationRecorder.select_notifications.__wrapped__  # type: ignore[attr-defined]
    )
    max_notification_id = bounded(
        PostgresApplicationRecorder.max_notification_id.__wrapped__  # type: ignore[attr-defined]
    )


class SnapshotRecorder(PostgresAggregateRecorder):
    # A snapshot is taken after its command committed: never worth a wait of its own.
    insert_events = PostgresAggregateRecorder.insert_events.__wrapped__  # type: ignore[attr-defined]
    select_events = bounded(PostgresAggregateRecorder.select_events.__wrapped__)  # type: ignore[attr-defined]


class Factory(PostgresFactory):
    aggregate_recorder_class = SnapshotRecorder
    application_recorder_class = TandemPostgresRecorder

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The library builds its pool itself: make it Tandem's bounded one.
        self.datastore.pool.__class__ = BoundedPool  # type: ignore[assignment]

    def application_recorder(self) -> Any:
        recorder = super().application_recorder()
        assert isinstance(recorder, TandemPostgresRecorder)
        recorder.grouping = grouping(self.env, recorder, TandemPostgresRecorder.insert_alone)
        return recorder
