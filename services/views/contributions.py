"""What one version of a relationship's row adds to its programme's counts, moment by moment.

A version valid from `valid_from` counts in its status, its mode and its sums from then on; while
active, in one health bucket at a time, which changes only where its period runs out after its
acceptance or last meeting, or comes within a period of a meeting it has scheduled (the meetings
of a version are fixed: they change only by the relationship's own events, each a new version);
and for each meeting it has scheduled, an upcoming meeting until that meeting's moment. So its
counts are steps at a few moments, found here exactly, in the temporal keys of
services/views/temporal.py. A version superseded at `valid_to` takes back the same steps from
then on: summed, the steps of every version count each one exactly over [valid_from, valid_to).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from domain.values import Mode, Status
from services.views import temporal
from services.views.health import Health

DAY = 86_400_000_000  # microseconds, as temporal keys count
SUMS = (
    "meetings_held",
    "meetings_cancelled",
    "goals_set",
    "goals_achieved",
    "feedback_to_mentee",
    "feedback_to_mentor",
    "feedback_between_peers",
    "shifts_to_peer",
    "shifts_to_mentoring",
)
COUNTERS = (
    *(f"status_{s.value}" for s in Status),
    *(f"mode_{m.value}" for m in Mode),
    *SUMS,
    *(h.value for h in Health),
    "upcoming",
    "became",
)
# What a version's steps need of its row (view_relationships' columns, as of_row reads them).
COLUMNS = (
    "id, program_id, status, mode, period_days, accepted_at, last_meeting_at, "
    + ", ".join(SUMS)
    + ", valid_from, position"
)


def key_from_seconds(seconds: float) -> int:
    """A time as the views keep it (epoch seconds) as the exact temporal key it was made from:
    the nearest microsecond, as `datetime.fromtimestamp` finds it, without making one."""
    return round(seconds * 1_000_000) + temporal.OFFSET


def key_of(seconds: float | None) -> int | None:
    """`key_from_seconds` of a time the views may not have (None)."""
    return None if seconds is None else key_from_seconds(seconds)


@dataclass(frozen=True)
class Version:
    program_id: str
    status: str
    mode: str
    sums: tuple[int, ...]
    period: int
    accepted: int | None
    last_meeting: int | None
    dues: tuple[int, ...]  # the moments of the meetings it has scheduled
    valid_from: int
    position: int

    @classmethod
    def of_row(cls, row: dict[str, Any], dues: Sequence[float]) -> Version:
        return cls(
            program_id=row["program_id"],
            status=row["status"],
            mode=row["mode"],
            sums=tuple(int(row[name]) for name in SUMS),
            period=int(row["period_days"]) * DAY,
            accepted=key_of(row["accepted_at"]),
            last_meeting=key_of(row["last_meeting_at"]),
            dues=tuple(sorted(key_from_seconds(due) for due in dues)),
            valid_from=int(row["valid_from"]),
            position=int(row["position"]),
        )

    @cached_property
    def counted(self) -> dict[str, int]:
        """What it counts at every moment it holds: its status, its mode and its sums."""
        sums = {name: value for name, value in zip(SUMS, self.sums, strict=True) if value}
        return {f"status_{self.status}": 1, f"mode_{self.mode}": 1, **sums}

    @property
    def timeline(self) -> tuple[Any, ...]:
        """What its health and upcoming meetings depend on beside the moment."""
        held = self.sums[SUMS.index("meetings_held")]
        return (self.status, held == 0, self.period, self.accepted, self.last_meeting, self.dues)

    def health(self, at: int) -> str | None:
        """As services/views/queries.health judges it, at the moment `at`."""
        if self.status != Status.ACTIVE:
            return None
        held = self.sums[SUMS.index("meetings_held")]
        if held == 0 and self.accepted is not None and self.accepted + self.period > at:
            return Health.TOO_EARLY.value
        met = self.last_meeting is not None and self.last_meeting + self.period >= at
        if met or any(due - self.period <= at <= due for due in self.dues):
            return Health.ON_TRACK.value
        return Health.NEEDS_CHECK_IN.value

    def turns(self, start: int) -> list[int]:
        """The moments after `start` where its health may change."""
        found = {due + 1 for due in self.dues} | {due - self.period for due in self.dues}
        if self.accepted is not None:
            found.add(self.accepted + self.period)
        if self.last_meeting is not None:
            found.add(self.last_meeting + self.period + 1)
        return sorted(moment for moment in found if moment > start)


class Steps:
    """Changes of counts at moments of programmes, and the last log position seen by then."""

    def __init__(self) -> None:
        self.changes: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.positions: dict[tuple[str, int], int] = {}

    def count(self, version: Version, start: int, sign: int, timeline: bool = True) -> None:
        """Adds (sign 1) or takes back (sign -1) what `version` counts from `start` on (its
        health and upcoming meetings too, unless `timeline` is off)."""
        at = self.changes[version.program_id, start]
        for name, value in version.counted.items():
            at[name] += sign * value
        if timeline:
            self._count_over_time(version, start, sign)

    def _count_over_time(self, version: Version, start: int, sign: int) -> None:
        at = self.changes[version.program_id, start]
        health = version.health(start)
        if health is not None:  # active: some health at every moment, its status being fixed
            at[health] += sign
            for moment in version.turns(start):
                now = version.health(moment) or health
                if now != health:
                    self.changes[version.program_id, moment][health] -= sign
                    self.changes[version.program_id, moment][now] += sign
                    health = now
        coming = [due for due in version.dues if due >= start]
        at["upcoming"] += sign * len(coming)
        for due in coming:
            self.changes[version.program_id, due + 1]["upcoming"] -= sign

    def superseded(self, old: Version | None, new: Version) -> None:
        """A row's new version: its steps, taking back its old version's from then on."""
        # the same health and meetings from then on: those steps would cancel out
        timeline = old is None or old.timeline != new.timeline
        if old is not None:
            self.count(old, new.valid_from, -1, timeline)
        self.count(new, new.valid_from, 1, timeline)
        where = (new.program_id, new.valid_from)
        self.positions[where] = max(self.positions.get(where, 0), new.position)

    def became(self, program_id: str, before: int | None, after: int) -> None:
        """A mentor of the programme counts as a mentee who became one from `after` on."""
        if before is not None:
            self.changes[program_id, before]["became"] -= 1
        self.changes[program_id, after]["became"] += 1
