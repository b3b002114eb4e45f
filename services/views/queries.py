"""Reads of the views. Health is computed against the time of the query, from stored dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.values import MeetingStatus, Status
from services.views.health import Health as Health  # where the other reads find it
from services.views.schema import DAY

ACTIVE = f"'{Status.ACTIVE.value}'"
SCHEDULED = f"'{MeetingStatus.SCHEDULED.value}'"


def health(scheduled_soon: str) -> str:
    """Health at :now, from a relationship's row `r`; `scheduled_soon` tells whether a meeting
    was scheduled then for the coming period."""
    return f"""CASE
    WHEN r.status <> {ACTIVE} THEN NULL
    WHEN r.meetings_held = 0 AND r.accepted_at > :now - r.period_days * {DAY}
        THEN '{Health.TOO_EARLY.value}'
    WHEN r.last_meeting_at >= :now - r.period_days * {DAY} OR {scheduled_soon}
        THEN '{Health.ON_TRACK.value}'
    ELSE '{Health.NEEDS_CHECK_IN.value}'
END"""


NEEDS_CHECK_IN = f"q.health = '{Health.NEEDS_CHECK_IN.value}'"


SOON = f"m.scheduled_for >= :now AND m.scheduled_for <= :now + r.period_days * {DAY}"
HEALTH = health(
    f"""EXISTS (
        SELECT 1 FROM view_meetings m
        WHERE m.program_id = r.program_id AND m.relationship_id = r.id AND m.status = {SCHEDULED}
          AND {SOON}
    )"""
)

NEXT_DUE = f"""CASE WHEN r.status = {ACTIVE}
    THEN COALESCE(r.last_meeting_at, r.accepted_at) + r.period_days * {DAY} END"""


def summaries(source: str, health: str) -> str:
    """A page of summaries of the relationships in `source` (a table or a derived one), with
    the visible, filter and health-filter conditions still to be filled in."""
    return f"""SELECT * FROM (
    SELECT r.id, r.seq, r.program_id, r.status, r.mode, r.mentor_id, r.mentee_id,
           r.requester_id, r.invitee_id, r.meetings_held, r.meetings_cancelled,
           r.last_meeting_at, {NEXT_DUE} AS next_meeting_due, {health} AS health,
           r.goals_set, r.goals_achieved, r.feedback_to_mentee, r.feedback_to_mentor,
           r.feedback_between_peers, r.created_at, r.updated_at, r.version
    FROM {source} r
    WHERE r.seq > :after_seq AND ({{visible}}) AND ({{filters}})
) q WHERE ({{health_filter}}) ORDER BY q.seq LIMIT :limit"""


SUMMARIES = summaries("view_relationships", HEALTH)

COORDINATED = "r.program_id IN (SELECT c.program_id FROM view_coordinators c WHERE c.sub = :sub)"
PARTY = "(r.requester_id = :me OR r.invitee_id = :me)"
INVOLVES = "(r.requester_id = :participant_id OR r.invitee_id = :participant_id)"

STATUS_TOTALS = """SELECT status, mode, COUNT(*) AS relationships,
       SUM(meetings_held) AS meetings_held, SUM(meetings_cancelled) AS meetings_cancelled,
       SUM(goals_set) AS goals_set, SUM(goals_achieved) AS goals_achieved,
       SUM(feedback_to_mentee) AS feedback_to_mentee,
       SUM(feedback_to_mentor) AS feedback_to_mentor,
       SUM(feedback_between_peers) AS feedback_between_peers,
       SUM(shifts_to_peer) AS shifts_to_peer, SUM(shifts_to_mentoring) AS shifts_to_mentoring
FROM view_relationships WHERE program_id = :program_id GROUP BY status, mode"""

HEALTH_BUCKETS = f"""SELECT health, COUNT(*) AS relationships FROM (
    SELECT {HEALTH} AS health FROM view_relationships r
    WHERE r.program_id = :program_id AND r.status = {ACTIVE}
) q GROUP BY health"""

UPCOMING_MEETINGS = f"""SELECT COUNT(*) AS upcoming FROM view_meetings
WHERE program_id = :program_id AND status = {SCHEDULED} AND scheduled_for >= :now"""

MENTEES_WHO_BECAME_MENTORS = """SELECT COUNT(DISTINCT a.mentor_id) AS participants
FROM view_mentorships a WHERE a.program_id = :program_id AND EXISTS (
    SELECT 1 FROM view_mentorships b WHERE b.mentee_id = a.mentor_id AND b.since < a.since
)"""

MENTORED_BY = """SELECT mentor_id AS participant_id, relationship_id, program_id, since
FROM view_mentorships m WHERE m.mentee_id = :participant_id AND ({visible}) ORDER BY since"""

MENTORING = """SELECT mentee_id AS participant_id, relationship_id, program_id, since
FROM view_mentorships m WHERE m.mentor_id = :participant_id AND ({visible}) ORDER BY since"""

GENERATIONS = 5
DESCENDANTS = f"""WITH RECURSIVE line (participant_id, mentor_id, generation) AS (
    SELECT m.mentee_id, m.mentor_id, 1 FROM view_mentorships m
    WHERE m.mentor_id = :participant_id AND ({{visible}})
    UNION
    SELECT m.mentee_id, m.mentor_id, line.generation + 1
    FROM view_mentorships m JOIN line ON m.mentor_id = line.participant_id
    WHERE line.generation < {GENERATIONS} AND ({{visible}})
)
SELECT participant_id, MIN(generation) AS generation FROM line
WHERE participant_id <> :participant_id
GROUP BY participant_id HAVING MIN(generation) > 1 ORDER BY generation, participant_id"""

VISIBLE_MENTORSHIP = (
    "m.program_id IN (SELECT c.program_id FROM view_coordinators c WHERE c.sub = :sub)"
)


def with_times(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The row with the named columns (epoch seconds, as the views keep times) as datetimes."""
    for name in names:
        if row.get(name) is not None:
            row[name] = datetime.fromtimestamp(row[name], UTC)
    return row
