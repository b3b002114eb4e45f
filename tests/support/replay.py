"""The oracle for reads of the past: a programme's views as they stood at a moment, rebuilt in
memory by replaying its events up to then (what Tandem answered `as_of` with before the temporal
views; slow, but obviously right). The property tests compare the temporal views with it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from services.coordination import status_from, summary
from services.views import queries as q
from services.views.schema import DAY, TABLES
from services.views.updates import statements_for
from services.wiring import Services
from tests.support.random_world import World

PROGRAMME_RELATIONSHIPS = """SELECT id, seq FROM view_relationships
WHERE program_id = :program_id AND created_at <= :as_of ORDER BY seq"""
POSITION_THEN = """SELECT MAX(position) AS position FROM view_audit
WHERE program_id = :program_id AND occurred_at <= :as_of"""
# Where the property tests' random histories begin, and the moments at which answers may turn.
START = datetime(2023, 1, 2, 9, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
TURNS = f"""SELECT r.accepted_at + r.period_days * {DAY} AS at FROM view_relationships r
WHERE r.program_id = :program_id AND r.accepted_at IS NOT NULL
UNION ALL SELECT r.last_meeting_at + r.period_days * {DAY} FROM view_relationships r
WHERE r.program_id = :program_id AND r.last_meeting_at IS NOT NULL
UNION ALL SELECT m.scheduled_for FROM view_meetings m WHERE m.program_id = :program_id
UNION ALL SELECT m.scheduled_for - r.period_days * {DAY} FROM view_meetings m
JOIN view_relationships r ON r.id = m.relationship_id WHERE m.program_id = :program_id
UNION ALL SELECT occurred_at FROM view_audit WHERE program_id = :program_id"""


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


def turning_points(services: Services, world: World, moments: list[datetime]) -> list[datetime]:
    """Where answers may change: each event, and each moment health may turn, a microsecond
    either side included."""
    found = services.views.fetch(TURNS, {"program_id": str(world.program)})
    exact = [datetime.fromtimestamp(row["at"], UTC) for row in found] + moments
    return sorted({m + n * MICROSECOND for m in exact for n in (-1, 0, 1)})
