"""The materialised views: each batch of events and its tracking position commit together."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import (
    InfrastructureFactory,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from services.persistence.budget import bounded
from services.store import Store
from services.views.batches import audit_rows, grouped, programmes_of, with_programmes
from services.views.schema import DROP, NAMES, SCHEMA_VERSION, TABLES
from services.views.stall import Stall

Batch = Sequence[tuple[Any, Tracking]]
UPSERT_STALL = """INSERT INTO view_stalls (name, position, reason, since)
VALUES (:name, :position, :reason, :since) ON CONFLICT (name) DO UPDATE SET
position = excluded.position, reason = excluded.reason,
since = CASE WHEN view_stalls.position = excluded.position THEN view_stalls.since
ELSE excluded.since END"""
APPLICATION = "Tandem"
NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class Views(TrackingRecorder):
    """What the projector and the queries need of the views, on either store."""

    table_made = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :table"

    def apply(self, batch: Batch) -> None:
        """Applies the events and records the last position; a replayed batch rolls back."""
        events = [(event, tracking.notification_id) for event, tracking in batch]
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            for sql, rows in grouped(events):
                cursor.executemany(self._dialect(sql), rows)
            if audit := audit_rows(events):
                sql, params = programmes_of(audit)
                cursor.execute(self._dialect(sql), params)
                programmes = {row["id"]: row["program_id"] for row in cursor.fetchall()}
                sql, rows = with_programmes(audit, programmes)
                if rows:
                    cursor.executemany(self._dialect(sql), rows)
            self._insert_tracking(cursor, batch[-1][1])  # type: ignore[attr-defined]

    @bounded
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            cursor.execute(self._dialect(sql), params)
            return [dict(row) for row in cursor.fetchall()]

    @bounded
    def position(self) -> int:
        return self.max_tracking_id(APPLICATION) or 0

    def stall(self) -> Stall | None:
        rows = self.fetch("SELECT * FROM view_stalls WHERE name = :name", {"name": APPLICATION})
        return Stall.from_row(rows[0]) if rows else None

    def record_stall(self, stall: Stall) -> None:
        """Remembers where the views stopped (keeping when they first did), for every process."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            cursor.execute(self._dialect(UPSERT_STALL), stall.row(APPLICATION))

    def clear_stall(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            cursor.execute(
                self._dialect("DELETE FROM view_stalls WHERE name = :name"), {"name": APPLICATION}
            )

    def schema_is_current(self) -> bool:
        rows = self.fetch("SELECT version FROM view_schema", {})
        return bool(rows) and rows[0]["version"] == SCHEMA_VERSION

    def create_table(self) -> None:
        """Tables another version of Tandem made are dropped first: the indexes TABLES makes
        may name columns those tables lack. `open_views` then rebuilds them from the log."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            if self._made_by_another_version(cursor):
                for statement in DROP:
                    cursor.execute(statement)
        super().create_table()  # type: ignore[misc]

    def _made_by_another_version(self, cursor: Any) -> bool:
        """Whether view tables exist whose recorded schema is not this one (one read, no
        retries: a store that does not answer fails the start at once)."""
        cursor.execute(self._dialect(self.table_made), {"table": "view_schema"})
        if not cursor.fetchall():
            return False
        cursor.execute("SELECT version FROM view_schema")
        return [row["version"] for row in cursor.fetchall()] != [SCHEMA_VERSION]

    def clear(self) -> None:
        """Empties every view and forgets the position, in one transaction, for a rebuild."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            for statement in (*DROP, *TABLES):
                cursor.execute(statement)
            cursor.execute(self._forget_position(), {"name": APPLICATION})
            cursor.execute(
                self._dialect("INSERT INTO view_schema VALUES (:v)"), {"v": SCHEMA_VERSION}
            )

    def refresh_statistics(self) -> None:
        """After many rows changed at once (a rebuild, a long catch-up): fresh statistics for
        the query planner, which PostgreSQL would otherwise only gather a minute or so later."""

    def close(self) -> None:
        self.datastore.close()  # type: ignore[attr-defined]

    def _begin(self, cursor: Any) -> None:
        """Anything a transaction needs first."""

    def _dialect(self, sql: str) -> str:
        return sql

    def _forget_position(self) -> Any:
        return "DELETE FROM tracking WHERE application_name = :name"


class SQLiteViews(Views, SQLiteTrackingRecorder):
    """The views in their own SQLite file, beside the event store."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *TABLES]


class PostgresViews(Views, PostgresTrackingRecorder):
    """The views as tables in the application's PostgreSQL schema."""

    table_made = """SELECT 1 FROM information_schema.tables
    WHERE table_name = :table AND table_schema = current_schema()"""

    # Bounded by Views.position instead: the library's ten retries would wait half a minute.
    max_tracking_id = PostgresTrackingRecorder.max_tracking_id.__wrapped__  # type: ignore[attr-defined]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.append(self._search_path())
        self.sql_create_statements += [SQL(statement).format() for statement in TABLES]

    def _begin(self, cursor: Any) -> None:
        cursor.execute(self._search_path())

    def _search_path(self) -> Any:
        return SQL("SET LOCAL search_path TO {}").format(Identifier(self.datastore.schema))

    def _dialect(self, sql: str) -> str:
        return NAMED.sub(r"%(\1)s", sql)

    def refresh_statistics(self) -> None:
        # Measured: a programme's list went from 63 ms to 7 ms once its tables were analysed.
        with self.datastore.transaction(commit=True) as cursor:
            self._begin(cursor)
            cursor.execute(SQL("ANALYZE {}").format(SQL(", ").join(map(Identifier, NAMES))))

    def _forget_position(self) -> Any:
        return SQL("DELETE FROM {}.{} WHERE application_name = %(name)s").format(
            Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
        )


class MentoringProjection(Projection[Views]):
    """Relationship summaries, programme figures and mentoring lineage, from the event log."""

    name = "views"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply([(domain_event, tracking)])

    def process_batch(self, batch: Batch) -> None:
        self.view.apply(batch)


def open_views(store: Store) -> Views:
    env = Environment(MentoringProjection.name, store.environment("views"))
    factory = InfrastructureFactory[TrackingRecorder].construct(env)
    views = factory.tracking_recorder(SQLiteViews if store.kind == "sqlite" else PostgresViews)
    assert isinstance(views, Views)
    if store.create_tables and not views.schema_is_current():
        views.clear()  # made by another version of Tandem: rebuilt from the first event
    return views


def open_sqlite_views(data_dir: Any) -> Views:
    return open_views(Store.sqlite(data_dir))
