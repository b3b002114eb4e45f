"""The materialised views: each batch of events and its tracking position commit together."""

from __future__ import annotations

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
from services.postgres import InSchema, lock_key
from services.store import Store
from services.views.schema import (
    DROP,
    GENERATION,
    MIGRATIONS,
    NAMES,
    NEXT,
    READ_BY_PROJECTOR,
    REBUILT,
    SCHEMA_VERSION,
    STALLS,
    indexes,
    tables,
)
from services.views.stall import Stall
from services.views.writing import Writer

Batch = Sequence[tuple[Any, Tracking]]
UPSERT_STALL = """INSERT INTO view_stalls (name, position, reason, since)
VALUES (:name, :position, :reason, :since) ON CONFLICT (name) DO UPDATE SET
position = excluded.position, reason = excluded.reason,
since = CASE WHEN view_stalls.position = excluded.position THEN view_stalls.since
ELSE excluded.since END"""
APPLICATION = "Tandem"


class Views(TrackingRecorder):
    """What the projector and the queries need of the views, on either store."""

    table_made = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :table"

    def apply(self, batch: Batch) -> None:
        """Applies the events and records the last position; a replayed batch rolls back."""
        events = [(event, tracking.notification_id) for event, tracking in batch]
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            self._hold_writers(cursor)
            self._write_first(cursor)
            self.write(cursor, events)
            self._insert_tracking(cursor, batch[-1][1])  # type: ignore[attr-defined]

    def write(
        self,
        cursor: Any,
        events: Sequence[tuple[Any, int]],
        prefix: str = "",
        lineage: bool = True,
    ) -> None:
        """The events, into the live tables or those of a rebuild (`prefix`)."""
        Writer(cursor, self._dialect, prefix).batch(events, lineage)

    # --- a rebuild beside the live tables (services/views/rebuild.py) ---

    def prepare_next(self) -> int:
        """Empty tables for a rebuild, without indexes (those come once they are filled);
        what an interrupted rebuild left is dropped. Answers the generation they will be."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            for name in REBUILT:
                cursor.execute(f"DROP TABLE IF EXISTS {NEXT}{name}")
            for statement in tables(NEXT):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {NEXT}view_schema VALUES ({SCHEMA_VERSION})")
            cursor.execute(GENERATION)  # a store made before rebuilds beside the views
            generation = self._generation(cursor) + 1
            for statement in indexes(NEXT, generation, READ_BY_PROJECTOR):
                cursor.execute(statement)
            return generation

    def write_next(self, events: Sequence[tuple[Any, int]], lineage: bool = True) -> None:
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            self._write_first(cursor)
            self.write(cursor, events, NEXT, lineage)

    def count_lineage_next(self) -> None:
        """Who became a mentor, once the processes sharing a rebuild have filled the tables
        (each saw only its share of the mentorships)."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            self._write_first(cursor)
            Writer(cursor, self._dialect, NEXT).lineage()

    def index_next(self, generation: int) -> None:
        """One index a transaction: the live projector waits for one at a time, not all."""
        for statement in indexes(NEXT, generation):
            with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
                self._begin(cursor)
                cursor.execute(statement)
        self.refresh_statistics(NEXT)

    def swap_next(self, generation: int, finish: Any) -> int:
        """In one transaction, with the live projector held off: `finish(cursor)` applies what
        the log added meanwhile and answers the position reached, then the rebuilt tables take
        the live ones' place and names, at that position. Readers see one or the other."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            self._hold_writers(cursor)
            cursor.execute("DELETE FROM view_generation")  # a write first: SQLite's lock, now
            position: int = finish(cursor)
            for name in REBUILT:
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
                self._rename(cursor, name)
            cursor.execute(STALLS)  # views of a release from before stalls were kept have none
            cursor.execute(
                self._dialect("INSERT INTO view_generation VALUES (:g)"), {"g": generation}
            )
            cursor.execute(self._forget_position(), {"name": APPLICATION})
            if position:
                self._insert_tracking(cursor, Tracking(APPLICATION, position))  # type: ignore[attr-defined]
        return position

    def drop_next(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            for name in REBUILT:
                cursor.execute(f"DROP TABLE IF EXISTS {NEXT}{name}")

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
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            for statement in (*MIGRATIONS, *indexes(generation=self._generation(cursor))):
                cursor.execute(statement)

    def _generation(self, cursor: Any) -> int:
        """Which rebuild made the live tables (0: none yet): their indexes are named for it."""
        cursor.execute("SELECT generation FROM view_generation")
        rows = cursor.fetchall()
        return int(rows[0]["generation"]) if rows else 0

    def stale(self) -> bool:
        """Whether the views were made by another version of Tandem."""
        with self.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            return self._made_by_another_version(cursor)

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
            for statement in (*DROP, *tables(), *indexes(generation=self._generation(cursor))):
                cursor.execute(statement)
            cursor.execute(self._forget_position(), {"name": APPLICATION})
            cursor.execute(
                self._dialect("INSERT INTO view_schema VALUES (:v)"), {"v": SCHEMA_VERSION}
            )

    def refresh_statistics(self, prefix: str = "") -> None:
        """After many rows changed at once (a rebuild, a long catch-up): fresh statistics for
        the query planner, which PostgreSQL would otherwise only gather a minute or so later."""

    def close(self) -> None:
        self.datastore.close()  # type: ignore[attr-defined]

    def _begin(self, cursor: Any) -> None:
        """Anything a transaction needs first."""

    def _hold_writers(self, cursor: Any) -> None:
        """The projector and a rebuild's swap never overlap (SQLite: one writer at a time)."""

    def _write_first(self, cursor: Any) -> None:
        """Before a batch's first read (services/views/tally.py): where a transaction that has
        read cannot wait for another writer's lock, it takes its own now."""

    def _rename(self, cursor: Any, name: str) -> None:
        cursor.execute(f"ALTER TABLE {NEXT}{name} RENAME TO {name}")

    def _dialect(self, sql: str) -> str:
        return sql

    def _forget_position(self) -> Any:
        return "DELETE FROM tracking WHERE application_name = :name"


class SQLiteViews(Views, SQLiteTrackingRecorder):
    """The views in their own SQLite file, beside the event store."""

    def _write_first(self, cursor: Any) -> None:
        # A write that changes nothing: SQLite's write lock, waited for as any write waits.
        cursor.execute("DELETE FROM view_schema WHERE 0 = 1")

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *tables(), GENERATION]


class PostgresViews(InSchema, Views, PostgresTrackingRecorder):
    """The views as tables in the application's PostgreSQL schema."""

    table_made = """SELECT 1 FROM information_schema.tables
    WHERE table_name = :table AND table_schema = current_schema()"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.append(self._search_path())
        self.sql_create_statements += [SQL(s).format() for s in (*tables(), GENERATION)]

    def refresh_statistics(self, prefix: str = "") -> None:
        # Measured: a programme's list went from 63 ms to 7 ms once its tables were analysed.
        names = [prefix + name for name in (REBUILT if prefix else NAMES)]
        with self.datastore.transaction(commit=True) as cursor:
            self._begin(cursor)
            cursor.execute(SQL("ANALYZE {}").format(SQL(", ").join(map(Identifier, names))))

    def _rename(self, cursor: Any, name: str) -> None:
        super()._rename(
            cursor, name
        )  # its primary key's index keeps its name: give it the live one
        cursor.execute(f"ALTER INDEX IF EXISTS {NEXT}{name}_pkey RENAME TO {name}_pkey")

    def _hold_writers(self, cursor: Any) -> None:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", (lock_key(self.datastore.schema, "views"),)
        )

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


def open_views(store: Store, clear_stale: bool = True) -> Views:
    """The views; made by another version of Tandem, they are emptied to be rebuilt from the
    first event, unless `clear_stale` is off: they then answer until a rebuild beside them
    (services/views/rebuild.py) takes their place."""
    env = Environment(MentoringProjection.name, store.environment("views"))
    env["CREATE_TABLE"] = "n"  # made below, once it is known whether the views are stale
    factory = InfrastructureFactory[TrackingRecorder].construct(env)
    views = factory.tracking_recorder(SQLiteViews if store.kind == "sqlite" else PostgresViews)
    assert isinstance(views, Views)
    if store.create_tables and (clear_stale or not views.stale()):
        views.create_table()
        if not views.schema_is_current():
            views.clear()
    return views


def open_sqlite_views(data_dir: Any) -> Views:
    return open_views(Store.sqlite(data_dir))
