"""Coordinators' questions, answered from the views: lists, programme status, lineage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.errors import InvalidReference
from domain.values import Mode, Status
from services import policy
from services.paging import Page, page_of, position_after
from services.policy import Caller, Scope
from services.programmes import Programmes
from services.tandem import Tandem
from services.views import as_of as then
from services.views import counts, temporal
from services.views import queries as q
from services.views.contributions import SUMS
from services.views.projector import Projector
from services.views.replica import NEEDED, ReplicaReads
from services.views.store import Views

WAIT_SECONDS = 5.0
TIMES = ("last_meeting_at", "next_meeting_due", "created_at", "updated_at", "since")


class NotCaughtUp(Exception):
    """The views did not reach the asked position in time."""


@dataclass(frozen=True)
class ListQuery:
    program_id: UUID | None = None
    status: str | None = None
    participant_id: UUID | None = None
    at_risk: bool = False
    limit: int = 50
    cursor: str | None = None
    as_of: datetime | None = None


VISIBLE = {
    Scope.ALL: "1 = 1",
    Scope.COORDINATED: q.COORDINATED,
    Scope.OWN: q.PARTY,
    Scope.COORDINATED_AND_OWN: f"{q.COORDINATED} OR {q.PARTY}",
}


class Coordination:
    def __init__(
        self,
        app: Tandem,
        programmes: Programmes,
        projector: Projector,
        replica: ReplicaReads | None = None,
    ) -> None:
        self.app = app
        self.programmes = programmes
        self.projector = projector
        self.replica = replica  # a streaming replica the views are read from, where it can

    @property
    def views(self) -> Views | ReplicaReads:
        return self.replica or self.projector.views

    def await_position(self, after: int | None) -> None:
        """Waits for the views to reach a position of the log; one beyond its end never comes.
        The replica answers once it holds the position; if it does not soon, the primary."""
        NEEDED.set(after or 0)  # this read's own: never one an earlier read of the thread asked
        if not after:
            return
        end = self.app.recorder.max_notification_id() or 0
        if after > end:
            raise InvalidReference("after", f"Is beyond the end of the log (position {end}).")
        if self.replica is not None and self.replica.holds(after):
            return
        if not self.projector.wait_for(after, WAIT_SECONDS):
            raise NotCaughtUp(f"The views have not reached position {after} yet.")

    def await_the_past(self, as_of: datetime, field: str = "as_of") -> None:
        """Before a read as of a moment: not in the future, and every event recorded so far in
        the views, so that the answer stays the same whatever happens since."""
        if as_of > datetime.now(UTC):
            raise InvalidReference(field, "Must not be in the future.")
        self.await_position(self.app.recorder.max_notification_id())

    def relationships(
        self, caller: Caller, query: ListQuery, now: datetime | None = None
    ) -> Page[dict[str, Any]]:
        """A page of summaries now, or as they stood at `query.as_of` (in one programme)."""
        scope = policy.listing_scope(caller)
        if query.as_of is not None and query.program_id is None:
            raise InvalidReference("as_of", "Needs a program_id: the past is read by programme.")
        if query.program_id is not None and scope in (Scope.ALL, Scope.COORDINATED):
            self.programmes.program(caller, query.program_id)
        params: dict[str, Any] = {
            "now": (now or datetime.now(UTC)).timestamp(),
            "after_seq": position_after(query.cursor),
            "limit": query.limit + 1,
            "sub": caller.sub,
            "me": caller.sub,
        }
        summaries = q.SUMMARIES
        if query.as_of is not None:
            self.await_the_past(query.as_of)
            params |= temporal.at(query.as_of)
            summaries = then.SUMMARIES
        filters = ["1 = 1"]
        for name in ("program_id", "status", "participant_id"):
            value = getattr(query, name)
            if value is not None:
                params[name] = str(value)
                filters.append(q.INVOLVES if name == "participant_id" else f"r.{name} = :{name}")
        sql = summaries.format(
            visible=VISIBLE[scope],
            filters=" AND ".join(filters),
            health_filter=q.NEEDS_CHECK_IN if query.at_risk else "1 = 1",
        )
        return page_of([summary(row) for row in self.views.fetch(sql, params)], query.limit, "seq")

    def program_status(
        self, caller: Caller, program_id: UUID, now: datetime | None = None
    ) -> dict[str, Any]:
        self.programmes.program(caller, program_id)
        now = now or datetime.now(UTC)
        return status_from(self.views, program_id, self.views.position(), now)

    def program_status_as_of(
        self, caller: Caller, program_id: UUID, as_of: datetime
    ) -> dict[str, Any]:
        """Exactly as the status stood at `as_of`, from the rows valid then: the same answer
        whatever happened since, in about the time the current status takes."""
        self.programmes.program(caller, program_id)
        self.await_the_past(as_of)
        params = {"program_id": str(program_id), **counts.at(temporal.key(as_of))}
        figures = counts.counted(self.views.fetch(counts.AT, params)[0])
        return {**status_of(program_id, figures["position"], figures), "as_of": as_of}

    def lineage(self, caller: Caller, participant_id: UUID) -> dict[str, Any]:
        self.programmes.participant(caller, participant_id)
        visible = (
            "1 = 1" if policy.sees_whole_lineage(caller, participant_id) else q.VISIBLE_MENTORSHIP
        )
        params = {"participant_id": str(participant_id), "sub": caller.sub}
        return {
            "participant_id": participant_id,
            "mentored_by": self._rows(q.MENTORED_BY.format(visible=visible), params),
            "mentoring": self._rows(q.MENTORING.format(visible=visible), params),
            "descendants": self._rows(q.DESCENDANTS.format(visible=visible), params),
        }

    def _rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [_with_times(row) for row in self.views.fetch(sql, params)]


def status_from(views: Any, program_id: UUID, position: int, now: datetime) -> dict[str, Any]:
    params = {"program_id": str(program_id), "now": now.timestamp()}
    totals = views.fetch(q.STATUS_TOTALS, params)
    figures = {
        **{f"status_{s.value}": total_of(totals, "relationships", status=s) for s in Status},
        **{f"mode_{m.value}": total_of(totals, "relationships", mode=m) for m in Mode},
        **{name: total_of(totals, name) for name in SUMS},
        **{h.value: 0 for h in q.Health},
        **{r["health"]: r["relationships"] for r in views.fetch(q.HEALTH_BUCKETS, params)},
        "upcoming": views.fetch(q.UPCOMING_MEETINGS, params)[0]["upcoming"],
        "became": views.fetch(q.MENTEES_WHO_BECAME_MENTORS, params)[0]["participants"],
    }
    return status_of(program_id, position, figures)


def total_of(rows: list[dict[str, Any]], column: str, **where: str) -> int:
    return sum(int(row[column] or 0) for row in rows if all(row[k] == v for k, v in where.items()))


def _with_times(row: dict[str, Any]) -> dict[str, Any]:
    return q.with_times(row, TIMES)


def summary(row: dict[str, Any]) -> dict[str, Any]:
    row = _with_times(row)
    row["parties"] = [row["requester_id"], row["invitee_id"]]
    row["feedback"] = {
        "mentor_to_mentee": row.pop("feedback_to_mentee"),
        "mentee_to_mentor": row.pop("feedback_to_mentor"),
        "between_peers": row.pop("feedback_between_peers"),
    }
    return row


def status_of(program_id: UUID, position: int, figures: dict[str, int]) -> dict[str, Any]:
    """The status from its figures (services/views/contributions.py COUNTERS)."""
    by_status = {s.value: figures[f"status_{s.value}"] for s in Status}
    return {
        "program_id": program_id,
        "position": position,
        "relationships": {
            "total": sum(by_status.values()),
            "by_status": by_status,
            "by_mode": {m.value: figures[f"mode_{m.value}"] for m in Mode},
        },
        "meetings": {
            "held": figures["meetings_held"],
            "cancelled": figures["meetings_cancelled"],
            "upcoming": figures["upcoming"],
        },
        "health": {h.value: figures[h.value] for h in q.Health},
        "goals": {"set": figures["goals_set"], "achieved": figures["goals_achieved"]},
        "feedback": {
            "mentor_to_mentee": figures["feedback_to_mentee"],
            "mentee_to_mentor": figures["feedback_to_mentor"],
            "between_peers": figures["feedback_between_peers"],
        },
        "shifts": {
            "to_peer": figures["shifts_to_peer"],
            "to_mentoring": figures["shifts_to_mentoring"],
        },
        "mentees_who_became_mentors": figures["became"],
    }
