"""The oracle for the programme counts: a programme's status as of a moment by one pass over
its rows valid then (how Tandem answered before services/views/counts.py), health judged row by
row, the meetings then upcoming counted one by one, the mentorships joined."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.values import Mode, Status
from services.coordination import status_of, total_of
from services.views import queries as q
from services.views.as_of import HEALTH, RELATIONSHIPS, SCHEDULED, valid_then
from services.views.contributions import SUMS
from services.views.schema import MEETING_NAMES
from services.views.temporal import at

STATUS = f"""SELECT status, mode, health, COUNT(*) AS relationships,
       SUM(meetings_held) AS meetings_held, SUM(meetings_cancelled) AS meetings_cancelled,
       SUM(goals_set) AS goals_set, SUM(goals_achieved) AS goals_achieved,
       SUM(feedback_to_mentee) AS feedback_to_mentee,
       SUM(feedback_to_mentor) AS feedback_to_mentor,
       SUM(feedback_between_peers) AS feedback_between_peers,
       SUM(shifts_to_peer) AS shifts_to_peer, SUM(shifts_to_mentoring) AS shifts_to_mentoring,
       MAX(position) AS position
FROM (SELECT r.*, {HEALTH} AS health FROM ({RELATIONSHIPS}) r) q
GROUP BY status, mode, health"""

UPCOMING = valid_then("view_meeting", MEETING_NAMES, f"{SCHEDULED} AND scheduled_for >= :now")
UPCOMING_MEETINGS = f"SELECT COUNT(*) AS upcoming FROM ({UPCOMING}) m"

MENTEES_WHO_BECAME_MENTORS = """SELECT COUNT(DISTINCT a.mentor_id) AS participants
FROM view_mentorships a WHERE a.program_id = :program_id AND a.since <= :now AND EXISTS (
    SELECT 1 FROM view_mentorships b WHERE b.mentee_id = a.mentor_id AND b.since < a.since
)"""


def status_scanned(views: Any, program_id: UUID, as_of: datetime) -> dict[str, Any]:
    params = {"program_id": str(program_id), **at(as_of)}
    rows = views.fetch(STATUS, params)
    health = {h.value: 0 for h in q.Health}
    for row in rows:
        if row["health"] is not None:
            health[row["health"]] += int(row["relationships"])
    figures = {
        **{f"status_{s.value}": total_of(rows, "relationships", status=s) for s in Status},
        **{f"mode_{m.value}": total_of(rows, "relationships", mode=m) for m in Mode},
        **{name: total_of(rows, name) for name in SUMS},
        **health,
        "upcoming": views.fetch(UPCOMING_MEETINGS, params)[0]["upcoming"],
        "became": views.fetch(MENTEES_WHO_BECAME_MENTORS, params)[0]["participants"],
    }
    position = max((int(row["position"]) for row in rows), default=0)
    return {**status_of(program_id, position, figures), "as_of": as_of}
