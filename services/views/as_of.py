"""Reads of the views as they stood at a moment (:now in seconds, :key as temporal.at gives
it): the rows valid then are the current rows begun by then and the past versions that held it
(services/views/temporal.py), each found by an index range scan, so a read of the past costs
what the same read of the present costs, however long the history."""

from __future__ import annotations

from services.views import queries as q
from services.views.schema import RELATIONSHIP_NAMES
from services.views.temporal import placeholders

ABOVE, BELOW = placeholders("above"), placeholders("below")
BEFORE, AFTER = placeholders("before"), placeholders("after")


def valid_then(table: str, columns: str, where: str) -> str:
    """The rows of `table` (and its history) that `where` selects, as they were at :key."""
    return f"""SELECT {columns}, valid_from FROM {table}s WHERE {where} AND valid_from <= :key
    UNION ALL
    SELECT {columns}, valid_from FROM {table}_history
    WHERE {where} AND node IN ({ABOVE}) AND valid_from <= :key
    UNION ALL
    SELECT {columns}, valid_from FROM {table}_history
    WHERE {where} AND node IN ({BELOW}) AND valid_to > :key"""


def valid_during(table: str, columns: str, where: str) -> str:
    """The versions of rows of `table` that `where` selects valid at some moment between :first
    and :last (both included); the current ones have no `valid_to`."""
    return f"""SELECT {columns}, valid_from, NULL AS valid_to FROM {table}s
    WHERE {where} AND valid_from <= :last
    UNION ALL
    SELECT {columns}, valid_from, valid_to FROM {table}_history
    WHERE {where} AND node IN ({BEFORE}) AND valid_to > :first
    UNION ALL
    SELECT {columns}, valid_from, valid_to FROM {table}_history
    WHERE {where} AND node IN ({AFTER}) AND valid_from <= :last
    UNION ALL
    SELECT {columns}, valid_from, valid_to FROM {table}_history
    WHERE {where} AND node >= :first AND node <= :last"""


RELATIONSHIPS = valid_then("view_relationship", RELATIONSHIP_NAMES, "program_id = :program_id")

SCHEDULED_SOON = f"""(EXISTS (
        SELECT 1 FROM view_meetings m
        WHERE m.program_id = r.program_id AND m.relationship_id = r.id AND m.status = {q.SCHEDULED}
          AND {q.SOON} AND m.valid_from <= :key
    ) OR EXISTS (
        SELECT 1 FROM view_meeting_history m
        WHERE m.relationship_id = r.id AND {q.SOON} AND m.status = {q.SCHEDULED}
          AND m.valid_from <= :key AND m.valid_to > :key
    ))"""
HEALTH = q.health(SCHEDULED_SOON)

SCHEDULED = f"program_id = :program_id AND status = {q.SCHEDULED}"

SUMMARIES = q.summaries(f"({RELATIONSHIPS})", HEALTH)

# Cohorts: each relationship's milestones by then, and the mentees who went on to mentor.
MILESTONES = f"""SELECT r.id, r.status, r.created_at, r.accepted_at, r.boundaries_agreed_at,
       r.first_meeting_held_at, r.first_goal_achieved_at, r.ended_at, r.outcome,
       r.cadence_gaps, r.cadence_kept, r.shifts_to_peer, r.shifts_to_mentoring, r.position
FROM ({RELATIONSHIPS}) r"""

WENT_ON_TO_MENTOR = """SELECT a.relationship_id, a.mentee_id FROM view_mentorships a
WHERE a.program_id = :program_id AND a.since <= :now AND EXISTS (
    SELECT 1 FROM view_mentorships b
    WHERE b.mentor_id = a.mentee_id AND b.since > a.since AND b.since <= :now
)"""

# Backtests: what health depends on, in each version active at some moment of a span, and the
# meetings scheduled then; at most :most rows each.
ACTIVE = valid_during(
    "view_relationship",
    "id, accepted_at, meetings_held, last_meeting_at",
    f"program_id = :program_id AND status = {q.ACTIVE}",
)
ACTIVE_DURING = f"SELECT * FROM ({ACTIVE}) v LIMIT :most"
MEETINGS = valid_during("view_meeting", "relationship_id, scheduled_for", SCHEDULED)
SCHEDULED_DURING = f"SELECT * FROM ({MEETINGS}) v LIMIT :most"

OUTCOMES = """SELECT id, outcome FROM view_relationships
WHERE program_id = :program_id AND status = 'concluded'"""
