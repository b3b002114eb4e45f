"""The oracle for reads of the past: a programme's views as they stood at a moment, rebuilt in
memory by replaying its events up to then (what Tandem answered `as_of` with before the temporal
views; slow, but obviously right). The property tests compare the temporal views with it."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any
from uuid import UUID

from services.coordination import status_from, summary
from services.views import queries as q
from services.views.schema import TABLES
from services.views.updates import statements_for

PROGRAMME_RELATIONSHIPS = """SELECT id, seq FROM view_relationships
WHERE program_id = :program_id AND created_at <= :as_of ORDER BY seq"""
POSITION_THEN = """SELECT MAX(position) AS position FROM view_audit
WHERE program_id = :program_id AND occurred_at <= :as_of"""


class PastViews:
    """The view tables in memory, holding one programme's events up to a moment."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.row_factory = sqlite3.Row
        for statement in TABLES:
            self.db.execute(statement)

    def apply(self, event: Any, position: int) -> None:
        for sql, params in statements_for(event, position):
            self.db.execute(sql, params)

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.execute(sql, params).fetchall()]

    def close(self) -> None:
        self.db.close()


def replay_programme(app: Any, views: Any, program_id: UUID, as_of: datetime) -> PastViews:
    """Replays the programme's own events that occurred by `as_of`, each aggregate in order."""
    past = PastViews()
    moment = {"program_id": str(program_id), "as_of": as_of.timestamp()}
    for event in app.events.get(program_id):
        if event.timestamp <= as_of:
            past.apply(event, 0)
    for row in views.fetch(PROGRAMME_RELATIONSHIPS, moment):
        for event in app.events.get(UUID(row["id"])):
            if event.timestamp > as_of:
                break
            past.apply(event, row["seq"])
    return past


def position_then(views: Any, program_id: UUID, as_of: datetime) -> int:
    rows = views.fetch(POSITION_THEN, {"program_id": str(program_id), "as_of": as_of.timestamp()})
    return int(rows[0]["position"] or 0)


def status_then(app: Any, views: Any, program_id: UUID, as_of: datetime) -> dict[str, Any]:
    """The programme's status at `as_of`, from its replayed views."""
    past = replay_programme(app, views, program_id, as_of)
    try:
        position = position_then(views, program_id, as_of)
        return {**status_from(past, program_id, position, as_of), "as_of": as_of}
    finally:
        past.close()


def summaries_then(app: Any, views: Any, program_id: UUID, as_of: datetime) -> list[dict[str, Any]]:
    """Every summary of the programme's relationships at `as_of`, health then included."""
    past = replay_programme(app, views, program_id, as_of)
    sql = q.SUMMARIES.format(
        visible="1 = 1", filters="r.program_id = :program_id", health_filter="1 = 1"
    )
    params = {
        "program_id": str(program_id),
        "now": as_of.timestamp(),
        "after_seq": 0,
        "limit": 10**6,
    }
    try:
        return [summary(row) for row in past.fetch(sql, params)]
    finally:
        past.close()


def rows_then(app: Any, views: Any, program_id: UUID, as_of: datetime) -> list[dict[str, Any]]:
    """Every relationship row of the programme at `as_of`, as replaying made it."""
    past = replay_programme(app, views, program_id, as_of)
    try:
        return past.fetch("SELECT * FROM view_relationships ORDER BY seq", {})
    finally:
        past.close()


def health_then(
    app: Any, views: Any, program_id: UUID, as_of: datetime, period_days: int
) -> dict[str, str | None]:
    """Each relationship's health at `as_of` had every period been `period_days`."""
    past = replay_programme(app, views, program_id, as_of)
    past.db.execute("UPDATE view_relationships SET period_days = ?", (period_days,))
    sql = q.SUMMARIES.format(visible="1 = 1", filters="1 = 1", health_filter="1 = 1")
    params = {"now": as_of.timestamp(), "after_seq": 0, "limit": 10**6}
    try:
        return {row["id"]: row["health"] for row in past.fetch(sql, params)}
    finally:
        past.close()
