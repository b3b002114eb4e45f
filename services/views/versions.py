"""Before an event changes a row, the row's version so far goes into its history table, valid
from when it began until the event (services/views/temporal.py); in the same statements, so in
the same transaction, as the change itself."""

from __future__ import annotations

from typing import Any

from services.views import temporal
from services.views.schema import MEETING_NAMES, RELATIONSHIP_NAMES


def _history_of(table: str, columns: str, where: str) -> str:
    """Copies the current row into its history as a past version, valid until the event; a
    version that began at that very moment was never seen (its events share one moment)."""
    node = temporal.fork("valid_from", "CAST(:until AS BIGINT)")
    return (
        f"INSERT INTO {table}_history ({columns}, valid_from, valid_to, node) "
        f"SELECT {columns}, valid_from, :key, {node} "
        f"FROM {table}s WHERE {where} AND valid_from < :key"
    )


RELATIONSHIP_KEPT = _history_of("view_relationship", RELATIONSHIP_NAMES, "id = :id")
MEETING_KEPT = _history_of("view_meeting", MEETING_NAMES, "id = :meeting_id")


def kept(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The statement with the event's parameters (`key`: when it happened) and the last moment
    the version held."""
    return sql, {**params, "until": params["key"] - 1}
