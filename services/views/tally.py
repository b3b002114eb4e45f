"""The programme counts a batch of events changes, found as the batch is written: each
relationship's row is read before the batch and after each round that changes it (a round
changes a row once), so each new version takes back what the one before it counted
(services/views/contributions.py); then who became a mentor, for the mentorships the batch
touched. Its statements run in the batch's transaction, after the batch's own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from services.views import became, counts
from services.views.contributions import COLUMNS, Steps, Version
from services.views.queries import SCHEDULED

Fetch = Callable[[str, dict[str, Any]], list[dict[str, Any]]]
Statements = list[tuple[str, list[dict[str, Any]]]]

# Each row once per meeting it has scheduled (once with none if it has none).
ROWS = f"""SELECT {", ".join(f"r.{name.strip()}" for name in COLUMNS.split(","))},
       m.scheduled_for AS due
FROM view_relationships r LEFT JOIN view_meetings m ON m.program_id = r.program_id
    AND m.relationship_id = r.id AND m.status = {SCHEDULED}
WHERE r.{{ids}}"""


class Tally:
    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.steps = Steps()
        self.latest: dict[str, Version] = {}

    def before(self, relationships: list[str]) -> None:
        """Their rows as they stand before the batch."""
        self.latest.update(self._versions(relationships))

    def after(self, relationships: list[str]) -> None:
        """Their rows after a round that changed them: new versions."""
        for relationship, version in self._versions(relationships).items():
            self.steps.superseded(self.latest.get(relationship), version)
            self.latest[relationship] = version

    def lineage(self, relationships: list[str] | None) -> Statements:
        """Who became a mentor, again for the parties to these relationships' mentorships (or,
        given None, for everyone, as a rebuild shared among processes needs once filled)."""
        mentors, theirs, params = "1 = 1", "1 = 1", dict[str, Any]()
        if relationships is not None:
            if not relationships:
                return []
            ids, params = among("relationship_id", relationships)
            parties = self.fetch(became.PARTIES.format(relationships=ids), params)
            people = sorted({row[side] for row in parties for side in ("mentor_id", "mentee_id")})
            if not people:
                return []
            mentors, params = among("mentor_id", people)
            theirs = f"a.{mentors}"
        first = self.fetch(became.FIRST.format(mentors=theirs), params)
        known = self.fetch(became.KNOWN.format(mentors=mentors), params)
        moved = became.changed(first, known, self.steps)
        return [(became.UPSERT, moved)] if moved else []

    def statements(self) -> Statements:
        """The counts' changes, bucket by bucket; buckets that may be left empty, forgotten."""
        changed = counts.rows(self.steps)
        emptied = [
            {name: row[name] for name in ("program_id", "level", "bucket")}
            for row in changed
            if not row["position"]
        ]
        return [(counts.UPSERT, changed), (counts.FORGET_EMPTY, emptied)]

    def _versions(self, relationships: list[str]) -> dict[str, Version]:
        if not relationships:
            return {}
        ids, params = among("id", relationships)
        rows: dict[str, dict[str, Any]] = {}
        dues: dict[str, list[float]] = defaultdict(list)
        for row in self.fetch(ROWS.format(ids=ids), params):
            rows[row["id"]] = row
            if row["due"] is not None:
                dues[row["id"]].append(row["due"])
        return {id_: Version.of_row(row, dues[id_]) for id_, row in rows.items()}


def among(column: str, ids: list[str]) -> tuple[str, dict[str, Any]]:
    """`column IN (...)` for these ids, with its parameters."""
    names = {f"i{number}": value for number, value in enumerate(ids)}
    return f"{column} IN ({', '.join(f':{name}' for name in names)})", names
