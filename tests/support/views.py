"""Comparing views: every table's rows, in an order that does not depend on how they were built."""

from __future__ import annotations

from typing import Any

from services.views.schema import DROP


def dump(views: Any) -> dict[str, list[dict[str, Any]]]:
    tables = [statement.split()[-1] for statement in DROP]
    return {
        table: sorted(views.fetch(f"SELECT * FROM {table}", {}), key=lambda row: repr(row))
        for table in tables
    }
