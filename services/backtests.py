"""Would the at-risk rule with another period have flagged a relationship, at any moment of a
span? Decided exactly, from the versions of its row valid during the span (services/views/
as_of.py): within one version, what health depends on is fixed, so the moments it needs a
check-in are the version's span, from when it is no longer too early and no meeting is recent,
less the stretches a scheduled meeting falls due within the period.

The health rule is the views' (services/views/queries.py `health`), evaluated as they do, in
floating-point seconds, at whole microseconds (temporal keys); the first moment found is a
witness the views themselves would answer `needs_check_in` at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from services.views.schema import DAY
from services.views.temporal import OFFSET, seconds


class TooCostly(Exception):
    """The span holds more than a backtest may examine."""


@dataclass
class Budget:
    """Units of work a backtest may still do (versions and meeting falls examined)."""

    left: int

    def spend(self, units: int = 1) -> None:
        self.left -= units
        if self.left < 0:
            raise TooCostly


@dataclass(frozen=True)
class Version:
    """A version of a relationship's row, active, valid over keys [start, end] (inclusive)."""

    relationship_id: str
    start: int
    end: int
    accepted_at: float | None
    meetings_held: int
    last_meeting_at: float | None


def flagged(
    versions: Iterable[dict[str, Any]],
    meetings: Iterable[dict[str, Any]],
    first: int,
    last: int,
    period_days: int,
    budget: Budget,
) -> dict[str, int | None]:
    """Each relationship active during [first, last] with the first moment (a temporal key)
    the rule with `period_days` flags it then, or None if it never does."""
    due = _due_by_relationship(meetings, budget)
    found: dict[str, int | None] = {}
    period = period_days * DAY
    for row in versions:
        budget.spend()
        end = last if row["valid_to"] is None else min(last, row["valid_to"] - 1)
        version = Version(
            row["id"],
            max(first, row["valid_from"]),
            end,
            row["accepted_at"],
            row["meetings_held"],
            row["last_meeting_at"],
        )
        if version.start > version.end:
            continue
        began, scheduled = row["valid_from"], due[version.relationship_id]
        budget.spend(len(scheduled))
        falls = [m for start, stop, m in scheduled if start <= began < stop]
        moment = first_flagged(version, falls, period)
        earlier = found.setdefault(version.relationship_id, None)
        if moment is not None and (earlier is None or moment < earlier):
            found[version.relationship_id] = moment
    return found


def _due_by_relationship(
    meetings: Iterable[dict[str, Any]], budget: Budget
) -> dict[str, list[tuple[int, float, float]]]:
    """Each relationship's scheduled meetings: from when to when they were scheduled (keys;
    still scheduled: no end) and when they fall due (seconds)."""
    due: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for row in meetings:
        budget.spend()
        stop = float("inf") if row["valid_to"] is None else row["valid_to"]
        due[row["relationship_id"]].append((row["valid_from"], stop, row["scheduled_for"]))
    return due


def first_flagged(version: Version, falls: list[float], period: float) -> int | None:
    """The first key of the version's span at which its health, with that period, is
    `needs_check_in`; None if there is none."""
    low, high = version.start, version.end
    start = low
    accepted, last = version.accepted_at, version.last_meeting_at
    if version.meetings_held == 0 and accepted is not None:
        # too early while accepted_at > now - period
        when = accepted + period
        start = max(start, _turning(lambda k: not accepted > seconds(k) - period, low, high, when))
    if last is not None:
        # a meeting is recent while last_meeting_at >= now - period
        when = last + period
        start = max(start, _turning(lambda k: not last >= seconds(k) - period, low, high, when))
    for begins, ends in sorted(_covered(fall, period, low, high) for fall in falls):
        if begins > start:
            break
        start = max(start, ends + 1)
    return start if start <= high else None


def _covered(fall: float, period: float, low: int, high: int) -> tuple[int, int]:
    """The keys within [low, high] at which a meeting falling due at `fall` is due within the
    period (on track): from `fall - period` to `fall`, as the views compare them."""
    begins = _turning(lambda k: fall <= seconds(k) + period, low, high, fall - period)
    ends = _turning(lambda k: not seconds(k) <= fall, low, high, fall) - 1
    return begins, ends


def _turning(holds: Callable[[int], bool], low: int, high: int, near: float) -> int:
    """The first key in [low, high] at which a condition that, once true, stays true holds;
    high + 1 if it never does. Bisects, first around `near` (seconds), where it turns but for
    rounding."""
    if holds(low):
        return low
    if not holds(high):
        return high + 1
    guess = round(near * 1_000_000) + OFFSET
    if low < guess - 2 and guess + 2 < high and not holds(guess - 2) and holds(guess + 2):
        low, high = guess - 2, guess + 2
    while high - low > 1:  # holds(high), not holds(low)
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high
