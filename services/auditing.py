"""The auditors' trail: every relationship event in log order, filtered, paged or streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from services import policy
from services.history import utc_text
from services.paging import Page, page_of, position_after
from services.policy import Caller, refusal
from services.views.store import Views

EXPORT_PAGE = 1000
TRAIL = """SELECT position, relationship_id, version, type, occurred_at, actor_id, data
FROM view_audit a WHERE a.position > :after_position AND ({filters})
ORDER BY a.position LIMIT :limit"""
FILTERS = {
    "program_id": "a.program_id = :program_id",
    "relationship_id": "a.relationship_id = :relationship_id",
    "actor_id": "a.actor_id = :actor_id",
    "type": "a.type = :type",
    "since": "a.occurred_at >= :since",
    "until": "a.occurred_at < :until",
}


@dataclass(frozen=True)
class AuditQuery:
    program_id: UUID | None = None
    relationship_id: UUID | None = None
    actor_id: str | None = None
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    cursor: str | None = None


class AuditTrail:
    def __init__(self, views: Views) -> None:
        self.views = views

    def events(self, caller: Caller, query: AuditQuery) -> Page[dict[str, Any]]:
        rows = self._fetch(caller, query, position_after(query.cursor), query.limit + 1)
        return page_of([_entry(row) for row in rows], query.limit, "position")

    def export(self, caller: Caller, query: AuditQuery) -> Iterator[str]:
        """Every matching event as one NDJSON line, a page at a time: memory stays flat."""
        after = position_after(query.cursor)
        while rows := self._fetch(caller, query, after, EXPORT_PAGE):
            for row in rows:
                yield ndjson_line(row)
            after = rows[-1]["position"]

    def _fetch(
        self, caller: Caller, query: AuditQuery, after: int, limit: int
    ) -> list[dict[str, Any]]:
        if not policy.may_read_trail(caller):
            raise refusal(caller, "audit trail")
        params: dict[str, Any] = {"after_position": after, "limit": limit}
        filters = ["1 = 1"]
        for name, clause in FILTERS.items():
            value = getattr(query, name)
            if value is not None:
                params[name] = value.timestamp() if isinstance(value, datetime) else str(value)
                filters.append(clause)
        return self.views.fetch(TRAIL.format(filters=" AND ".join(filters)), params)


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "occurred_at": _time(row["occurred_at"]), "data": json.loads(row["data"])}


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def ndjson_line(row: dict[str, Any]) -> str:
    """The stored data is JSON already: spliced in, not decoded and encoded again."""
    head = {
        "position": row["position"],
        "relationship_id": row["relationship_id"],
        "version": row["version"],
        "type": row["type"],
        "occurred_at": utc_text(_time(row["occurred_at"])),
        "actor_id": row["actor_id"],
    }
    data: str = row["data"]
    return json.dumps(head)[:-1] + ', "data": ' + data + "}\n"
