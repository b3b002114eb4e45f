"""A programme's views as they stood at a past moment, rebuilt from its events up to then."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any
from uuid import UUID

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
