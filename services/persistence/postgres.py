"""eventsourcing's PostgreSQL persistence, with commands and data keys recorded beside their
events and every use of a connection bounded in time."""

from __future__ import annotations

from collections.abc import Collection, Sequence
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

from services.persistence import keys
from services.persistence.budget import bounded, time_left, use_seconds
from services.persistence.commands import COLUMNS, FORGET_FINGERPRINTS, CommandRecord
from services.persistence.group_commit import GroupCommit, Outcome, Pending, grouping
from services.persistence.watchdog import WATCHDOG
from services.postgres import named_to_pyformat
from services.privacy.keys import StoredKey

COMMANDS = "tandem_commands"
# Saves recorded alone, never in a batch (which writes only events, commands and new keys):
# an erasure, a migration, a tracked position.
ALONE = ("destroy_keys", "rewrite_events", "tracking")


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
            _in_schema(datastore, keys.create("postgres")),
        ]

    # No retry of a write by the library: after a lost connection it cannot tell whether the
    # commit landed, and a blind retry meets the unique key and reads as a lost race. The
    # application looks the command up instead.
    insert_alone = PostgresApplicationRecorder.insert_events.__wrapped__  # type: ignore[attr-defined]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions: Sequence[int] | None
        if self.grouping is None or any(kwargs.get(name) for name in ALONE):
            positions = self.insert_alone(stored_events, **kwargs)
        else:
            positions = self.grouping.record(stored_events, **kwargs)
        if kwargs.get("destroy_keys"):
            self.forget_residue(keys.KEYS, COMMANDS)
        return positions

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
            for pending in batch:
                write_keys(self.datastore, curs, **pending.kwargs)
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
        write_keys(self.datastore, curs, **kwargs)
        if erased := kwargs.get("destroy_keys"):
            forget = SQL(FORGET_FINGERPRINTS.format(table="{}", subject="%s"))
            curs.executemany(forget.format(self.commands), [(s,) for s in sorted(erased)])
        rewrite(self, curs, **kwargs)
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

    @bounded
    def data_keys(self, subjects: Collection[UUID]) -> dict[UUID, StoredKey]:
        found: dict[UUID, StoredKey] = {}
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            for page in keys.pages(subjects):
                sql = keys.SELECT.format(subjects=", ".join("%s" for _ in page))
                curs.execute(_in_schema(self.datastore, sql), page)
                found.update((key.subject, key) for key in map(keys.stored, curs.fetchall()))
        return found

    def every_data_key(self) -> list[StoredKey]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(_in_schema(self.datastore, keys.EVERY))
            return [keys.stored(row) for row in curs.fetchall()]

    def rewrap_data_keys(self, wrapped: Sequence[StoredKey]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            sql = _in_schema(self.datastore, named_to_pyformat(keys.REWRAP))
            curs.executemany(sql, keys.new_rows(wrapped, _same))
        self.forget_residue()

    def compact(self, *tables: str) -> None:
        """After rewriting many rows (a migration): the tables rewritten without their old
        row versions (VACUUM FULL locks each table while it runs)."""
        schema = Identifier(self.datastore.schema)
        with self.datastore.get_connection() as conn:
            for table in (keys.KEYS, self.events_table_name, *tables):
                conn.execute(SQL("VACUUM FULL {}.{}").format(schema, Identifier(table)))

    def forget_residue(self, *tables: str) -> None:
        """Dead row versions keep their old bytes (an erased key, a re-encrypted event) until
        the table is vacuumed: done now (the keys' table unless others are named)."""
        schema = Identifier(self.datastore.schema)
        with self.datastore.get_connection() as conn:
            for table in tables or (keys.KEYS,):
                conn.execute(SQL("VACUUM {}.{}").format(schema, Identifier(table)))

    select_events = bounded(PostgresApplicationRecorder.select_events.__wrapped__)  # type: ignore[attr-defined]
    select_notifications = bounded(
        PostgresApplicationRecorder.select_notifications.__wrapped__  # type: ignore[attr-defined]
    )
    max_notification_id = bounded(
        PostgresApplicationRecorder.max_notification_id.__wrapped__  # type: ignore[attr-defined]
    )


class SnapshotRecorder(PostgresAggregateRecorder):
    select_events = bounded(PostgresAggregateRecorder.select_events.__wrapped__)  # type: ignore[attr-defined]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """A snapshot is taken after its command committed: never worth a retry of its own.
        With the keys it was sealed under, if any were made, in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            write_keys(self.datastore, curs, **kwargs)
            rewrite(self, curs, **kwargs)
            if stored_events:
                self._insert_stored_events(curs, stored_events, **kwargs)
        return None


def write_keys(
    datastore: PostgresDatastore,
    curs: Cursor[DictRow],
    new_keys: Sequence[StoredKey] = (),
    destroy_keys: Collection[UUID] = (),
    **_: Any,
) -> None:
    """In the events' transaction: keys made for them, and tombstones for an erasure."""
    if new_keys:
        sql = _in_schema(datastore, named_to_pyformat(keys.INSERT))
        curs.executemany(sql, keys.new_rows(new_keys, _same))
    if destroy_keys:
        sql = _in_schema(datastore, named_to_pyformat(keys.DESTROY))
        curs.executemany(sql, keys.tombstone_rows(destroy_keys, _same))


def rewrite(
    recorder: Any, curs: Cursor[DictRow], rewrite_events: Sequence[StoredEvent] = (), **_: Any
) -> None:
    """In one transaction with what else is written: stored events given new content on
    purpose (a migration)."""
    if rewrite_events:
        table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        curs.executemany(
            SQL(
                "UPDATE {} SET state = %s WHERE originator_id = %s AND originator_version = %s"
            ).format(table),
            [(e.state, e.originator_id, e.originator_version) for e in rewrite_events],
        )


def _in_schema(datastore: PostgresDatastore, sql: str) -> Any:
    """The keys' SQL, its table named in the store's schema."""
    table = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(keys.KEYS))
    before, _, after = sql.partition(keys.KEYS)
    return SQL(before + "{}" + after).format(table)


def _same(value: Any) -> Any:
    return value


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
