"""What only a log can tell coordinators: cohorts followed through their lives, and what the
at-risk rule with another period would have flagged. Read from the temporal views; nothing is
recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.errors import InvalidReference
from services import backtests, cohorts
from services.coordination import Coordination
from services.policy import Caller
from services.views import as_of as then
from services.views import temporal

# What bounds a backtest: the work it may do, in units: each version of a relationship's row
# valid during the span, each meeting scheduled then, and each version once more per meeting of
# its relationship. Beyond it, 422: a shorter span examines less. Measured (make bench, section
# 6): about 3.5 us a unit on SQLite; a quarter of a programme of 10,000 is 80,000 units
# (0.24 s), a year 340,000 (1.2 s), two years 660,000: refused.
BACKTEST_BUDGET = 500_000
NOT_CONCLUDED = "not_concluded"


@dataclass(frozen=True)
class Analytics:
    coordination: Coordination

    def cohorts(
        self,
        caller: Caller,
        program_id: UUID,
        by: cohorts.Period = "month",
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        """The programme's cohorts as far as `as_of` (now if None)."""
        self.coordination.programmes.program(caller, program_id)
        views = self.coordination.views
        position = views.position()
        if as_of is not None:
            self.coordination.await_the_past(as_of)
        params = {"program_id": str(program_id), **temporal.at(as_of or datetime.now(UTC))}
        rows = views.fetch(then.MILESTONES, params)
        if as_of is not None:
            position = max((int(row["position"]) for row in rows), default=0)
        found = cohorts.cohorts(rows, views.fetch(then.WENT_ON_TO_MENTOR, params), by)
        return {
            "program_id": program_id,
            "by": by,
            "as_of": as_of,
            "position": position,
            "cohorts": found,
        }

    def flagged_during(
        self, program_id: UUID, check_in_after_days: int, start: datetime, end: datetime
    ) -> dict[str, int | None]:
        """Each relationship active at some moment of [start, end], with the first moment
        (a temporal key) the rule with that period flags it then; None if it never does."""
        budget = backtests.Budget(BACKTEST_BUDGET)
        params = {"program_id": str(program_id), **temporal.during(start, end)}
        views = self.coordination.views
        try:
            meetings = views.fetch(then.SCHEDULED_DURING, params | {"most": budget.left + 1})
            budget.spend(len(meetings))
            versions = views.fetch(then.ACTIVE_DURING, params | {"most": budget.left + 1})
            return backtests.flagged(
                versions, meetings, params["first"], params["last"], check_in_after_days, budget
            )
        except backtests.TooCostly:
            raise InvalidReference(
                "to",
                f"The span holds more than a backtest may examine ({BACKTEST_BUDGET:,} units:"
                " versions of relationships and meetings valid then): choose a shorter one.",
            ) from None

    def backtest(
        self,
        caller: Caller,
        program_id: UUID,
        check_in_after_days: int,
        start: datetime,
        end: datetime,
    ) -> dict[str, Any]:
        """How many relationships active during [start, end] the at-risk rule with that period
        would have flagged at some moment of it, and how each has ended (or not) since."""
        self.coordination.programmes.program(caller, program_id)
        if start >= end:
            raise InvalidReference("to", "Must come after from.")
        self.coordination.await_the_past(end, field="to")
        views = self.coordination.views
        position = views.position()
        found = self.flagged_during(program_id, check_in_after_days, start, end)
        params = {"program_id": str(program_id)}
        ended = {row["id"]: row["outcome"] for row in views.fetch(then.OUTCOMES, params)}
        flagged = dict.fromkeys((*cohorts.OUTCOMES, NOT_CONCLUDED), 0)
        not_flagged = dict(flagged)
        for relationship, moment in found.items():
            outcome = ended.get(relationship) or NOT_CONCLUDED
            (not_flagged if moment is None else flagged)[outcome] += 1
        return {
            "program_id": program_id,
            "check_in_after_days": check_in_after_days,
            "from": start,
            "to": end,
            "relationships": len(found),
            "flagged": sum(flagged.values()),
            "flagged_by_outcome": flagged,
            "not_flagged_by_outcome": not_flagged,
            "position": position,
        }
