"""Cohorts: the relationships requested in each month or quarter, followed through their lives
as far as a moment, from each one's row as it stood then (services/views/as_of.py)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from domain.values import Outcome
from services.views.schema import DAY

Period = Literal["month", "quarter"]
MILESTONES = (
    "accepted",
    "boundaries_agreed",
    "first_meeting_held",
    "first_goal_achieved",
    "concluded",
)
# Each gap measured: (from, to) milestone, by the column holding when it was reached.
GAPS = {
    "requested_to_accepted": ("created_at", "accepted_at"),
    "accepted_to_boundaries_agreed": ("accepted_at", "boundaries_agreed_at"),
    "accepted_to_first_meeting_held": ("accepted_at", "first_meeting_held_at"),
    "accepted_to_first_goal_achieved": ("accepted_at", "first_goal_achieved_at"),
    "accepted_to_concluded": ("accepted_at", "concluded_at"),
}
OUTCOMES = tuple(outcome.value for outcome in Outcome)


def period_of(moment: float, by: Period) -> datetime:
    """The first moment of the month or quarter (UTC) the moment falls in."""
    at = datetime.fromtimestamp(moment, UTC)
    month = at.month if by == "month" else 3 * ((at.month - 1) // 3) + 1
    return datetime(at.year, month, 1, tzinfo=UTC)


def label(start: datetime, by: Period) -> str:
    return f"{start:%Y-%m}" if by == "month" else f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def cohorts(
    rows: Iterable[dict[str, Any]], went_on: Iterable[dict[str, Any]], by: Period
) -> list[dict[str, Any]]:
    """Each cohort's figures, oldest first, from each relationship's row then and the mentees
    who went on to mentor by then (with the relationship they were a mentee in)."""
    members: dict[datetime, list[dict[str, Any]]] = defaultdict(list)
    cohort_of: dict[str, datetime] = {}
    for row in rows:
        start = period_of(row["created_at"], by)
        concluded = row["status"] == "concluded"
        members[start].append({**row, "concluded_at": row["ended_at"] if concluded else None})
        cohort_of[row["id"]] = start
    mentors: dict[datetime, set[str]] = defaultdict(set)
    for row in went_on:
        if (cohort := cohort_of.get(row["relationship_id"])) is not None:
            mentors[cohort].add(row["mentee_id"])
    return [_cohort(start, by, members[start], len(mentors[start])) for start in sorted(members)]


def _cohort(
    start: datetime, by: Period, rows: list[dict[str, Any]], went_on: int
) -> dict[str, Any]:
    def reached(column: str) -> int:
        return sum(1 for row in rows if row[column] is not None)

    gaps = sum(row["cadence_gaps"] for row in rows)
    kept = sum(row["cadence_kept"] for row in rows)
    return {
        "period": label(start, by),
        "starts_at": start,
        "relationships": len(rows),
        "reached": {name: reached(f"{name}_at") for name in MILESTONES},
        "concluded_by_outcome": {
            outcome: sum(
                1 for row in rows if row["concluded_at"] is not None and row["outcome"] == outcome
            )
            for outcome in OUTCOMES
        },
        "median_days": {name: _median_days(rows, *ends) for name, ends in GAPS.items()},
        "cadence": {
            "gaps": gaps,
            "within_period": kept,
            "adherence": round(kept / gaps, 4) if gaps else None,
        },
        "shifts": {
            "to_peer": sum(row["shifts_to_peer"] for row in rows),
            "to_mentoring": sum(row["shifts_to_mentoring"] for row in rows),
        },
        "mentees_who_went_on_to_mentor": went_on,
    }


def _median_days(rows: list[dict[str, Any]], begin: str, end: str) -> float | None:
    """The median of the days between two milestones, where both were reached; None if none."""
    days = [
        (row[end] - row[begin]) / DAY
        for row in rows
        if row[begin] is not None and row[end] is not None
    ]
    return round(statistics.median(days), 2) if days else None
