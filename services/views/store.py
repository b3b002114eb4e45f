"""The materialised views: each batch of events and its tracking position commit together."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment

from services.views.schema import DROP, SCHEMA_VERSION, TABLES
from services.views.updates import statements_for

Batch = Sequence[tuple[Any, Tracking]]
APPLICATION = "Tandem"


class SQLiteViews(SQLiteTrackingRecorder):
    """The views in their own SQLite file, beside the event store."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *TABLES]

    def apply(self, batch: Batch) -> None:
        """Applies the events and records the last position; a replayed batch rolls back."""
        with self.datastore.transaction(commit=True) as cursor:
            for event, tracking in batch:
                for sql, params in statements_for(event, tracking.notification_id):
                    cursor.execute(sql, params)
            self._insert_tracking(cursor, batch[-1][1])

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            return [dict(row) for row in cursor.fetchall()]

    def schema_is_current(self) -> bool:
        rows = self.fetch("SELECT version FROM view_schema", {})
        return bool(rows) and rows[0]["version"] == SCHEMA_VERSION

    def position(self) -> int:
        return self.max_tracking_id(APPLICATION) or 0

    def clear(self) -> None:
        """Empties every view and forgets the position, in one transaction, for a rebuild."""
        with self.datastore.transaction(commit=True) as cursor:
            for statement in (*DROP, *TABLES):
                cursor.execute(statement)
            cursor.execute("DELETE FROM tracking WHERE application_name = ?", (APPLICATION,))
            cursor.execute("INSERT INTO view_schema (version) VALUES (?)", (SCHEMA_VERSION,))


class MentoringProjection(Projection[SQLiteViews]):
    """Relationship summaries, programme figures and mentoring lineage, from the event log."""

    name = "views"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply([(domain_event, tracking)])

    def process_batch(self, batch: Batch) -> None:
        self.view.apply(batch)


def open_sqlite_views(data_dir: str | Path) -> SQLiteViews:
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    env = Environment(
        MentoringProjection.name,
        {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(data_dir) / "views.sqlite"),
            "SQLITE_LOCK_TIMEOUT": "10",
        },
    )
    views = InfrastructureFactory[TrackingRecorder].construct(env).tracking_recorder(SQLiteViews)
    assert isinstance(views, SQLiteViews)
    if not views.schema_is_current():
        views.clear()  # made by another version of Tandem: rebuilt from the first event
    return views
