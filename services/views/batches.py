"""A batch of events as few executemany calls as possible, with the effect of event by event.

An event's statements write only the rows of its own aggregate (and, for a request, read its
programme's row). So the batch runs in rounds: an event goes in the round after the last event
that wrote what it reads or writes, and after the last that read what it writes. Within a round
no event reads or writes what another writes, so all their statements of one kind run in one
executemany. The audit rows come last, in one executemany, their programme read once a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from services.history import is_relationship_event
from services.views.updates import AUDIT, Statement, audit_row, reads_from, statements_for

Grouped = tuple[str, list[dict[str, Any]]]


@dataclass
class Round:
    """Statements no two of which touch the same rows, and the relationships they change."""

    statements: list[Grouped] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)


def rounds(batch: Sequence[tuple[Any, int]]) -> list[Round]:
    """The view statements of events with their positions, by round, grouped by kind."""
    rounds: list[dict[tuple[int, str], list[dict[str, Any]]]] = []
    changed: list[list[str]] = []
    written: dict[Any, int] = {}
    read: dict[Any, int] = {}
    for event, position in batch:
        statements: list[Statement] = statements_for(event, position)
        if not statements:
            continue
        own, others = event.originator_id, reads_from(event)
        round_ = 1 + max(
            written.get(own, -1),
            read.get(own, -1),
            *(written.get(other, -1) for other in others),
        )
        written[own] = round_
        for other in others:
            read[other] = max(read.get(other, -1), round_)
        if round_ == len(rounds):
            rounds.append({})
            changed.append([])
        for slot, (sql, params) in enumerate(statements):
            rounds[round_].setdefault((slot, sql), []).append(params)
        if is_relationship_event(event):
            changed[round_].append(str(own))
    return [
        Round(
            [(sql, rows) for (_, sql), rows in sorted(kinds.items(), key=lambda kind: kind[0][0])],
            relationships,
        )
        for kinds, relationships in zip(rounds, changed, strict=True)
    ]


def audit_rows(batch: Sequence[tuple[Any, int]]) -> list[dict[str, Any]]:
    """The audit rows of the batch's relationship events, their programme still to be read."""
    return [audit_row(e, position) for e, position in batch if is_relationship_event(e)]


def programmes_of(rows: list[dict[str, Any]]) -> Statement:
    """One read of the programme of each relationship (a relationship never changes programme)."""
    relationships = dict.fromkeys(row["id"] for row in rows)
    names = {f"r{i}": relationship for i, relationship in enumerate(relationships)}
    placeholders = ", ".join(f":{name}" for name in names)
    sql = f"SELECT id, program_id FROM view_relationships WHERE id IN ({placeholders})"
    return sql, names


def with_programmes(rows: list[dict[str, Any]], programmes: dict[str, str]) -> Grouped:
    """The audit rows whose relationship is in the views, with its programme."""
    kept = []
    for row in rows:
        if (programme := programmes.get(row["id"])) is not None:
            row["program_id"] = programme
            kept.append(row)
    return AUDIT, kept
