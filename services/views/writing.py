"""A batch of events written into the view tables, in the caller's transaction: the statements
of its rounds (services/views/batches.py), the programme counts they change
(services/views/tally.py), then the audit rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from services.views.batches import audit_rows, programmes_of, rounds, with_programmes
from services.views.schema import renamed
from services.views.tally import Statements, Tally
from services.views.updates import MENTORSHIPS


class Writer:
    """Writes into the live tables, or those of a rebuild (`prefix`), through `cursor`."""

    def __init__(self, cursor: Any, dialect: Callable[[str], str], prefix: str = "") -> None:
        self.cursor, self.dialect, self.prefix = cursor, dialect, prefix

    def batch(self, events: Sequence[tuple[Any, int]], lineage: bool = True) -> None:
        """The events' statements and the counts they change (who became a mentor too, unless
        `lineage` is off)."""
        tally, grouped = Tally(self.fetch), rounds(events)
        tally.before(sorted({r for round_ in grouped for r in round_.relationships}))
        for round_ in grouped:
            self.run(round_.statements)
            tally.after(round_.relationships)
        mentoring = sorted({str(e.originator_id) for e, _ in events if isinstance(e, MENTORSHIPS)})
        self.run([*(tally.lineage(mentoring) if lineage else []), *tally.statements()])
        if audit := audit_rows(events):
            sql, params = programmes_of(audit)
            programmes = {row["id"]: row["program_id"] for row in self.fetch(sql, params)}
            self.run([with_programmes(audit, programmes)])

    def lineage(self) -> None:
        """Who became a mentor, for everyone."""
        tally = Tally(self.fetch)
        self.run([*tally.lineage(None), *tally.statements()])

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.cursor.execute(self.dialect(renamed(sql, self.prefix)), params)
        return [dict(row) for row in self.cursor.fetchall()]

    def run(self, statements: Statements) -> None:
        for sql, rows in statements:
            if rows:
                self.cursor.executemany(self.dialect(renamed(sql, self.prefix)), rows)
