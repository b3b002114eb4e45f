"""When each mentor of a programme became a mentee who went on to mentor there: the first time
they began mentoring in it after first being mentored anywhere (services/views/queries.py
MENTEES_WHO_BECAME_MENTORS). Mentorships are only ever added, so that moment only moves earlier;
each move is a step of the programme's counts (services/views/counts.py)."""

from __future__ import annotations

from typing import Any

from services.views.contributions import Steps, key_of

TABLE = """CREATE TABLE IF NOT EXISTS view_became_mentors (
        program_id TEXT NOT NULL,
        mentor_id TEXT NOT NULL,
        since BIGINT NOT NULL,
        PRIMARY KEY (program_id, mentor_id)
    )"""
INDEX = "CREATE INDEX IF NOT EXISTS view_became_mentors_mentor ON view_became_mentors (mentor_id)"

PARTIES = "SELECT mentor_id, mentee_id FROM view_mentorships WHERE {relationships}"

FIRST = """SELECT a.program_id, a.mentor_id, MIN(a.since) AS since FROM view_mentorships a
WHERE ({mentors}) AND EXISTS (
    SELECT 1 FROM view_mentorships b WHERE b.mentee_id = a.mentor_id AND b.since < a.since
) GROUP BY a.program_id, a.mentor_id"""
KNOWN = "SELECT program_id, mentor_id, since FROM view_became_mentors WHERE {mentors}"
UPSERT = """INSERT INTO view_became_mentors (program_id, mentor_id, since)
VALUES (:program_id, :mentor_id, :since)
ON CONFLICT (program_id, mentor_id) DO UPDATE SET since = excluded.since"""


def changed(
    first: list[dict[str, Any]], known: list[dict[str, Any]], steps: Steps
) -> list[dict[str, Any]]:
    """The rows of view_became_mentors that move (or appear), their steps added to `steps`."""
    before = {(row["program_id"], row["mentor_id"]): int(row["since"]) for row in known}
    moved = []
    for row in first:
        where = (row["program_id"], row["mentor_id"])
        since = key_of(row["since"])
        assert since is not None
        if before.get(where) != since:
            steps.became(row["program_id"], before.get(where), since)
            moved.append({"program_id": where[0], "mentor_id": where[1], "since": since})
    return moved
