"""A relationship with more meetings and feedback than its document holds, and page walks.

Meetings are scheduled out of calendar order, so the order they take place (the order the
state and the paged lists give) differs from the order they were scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.answers import must
from tests.support.http_world import Programme, Relationship
from tests.support.moments import rfc3339

RECENT = 50
MORE_THAN_RECENT = RECENT + 5
PART_LISTS = ("meetings", "feedback")
NEXT_YEAR = datetime.now(UTC).replace(microsecond=0) + timedelta(days=365)


@dataclass(frozen=True)
class Busy:
    """A relationship, with its meeting ids in the order they take place and its feedback ids
    in the order given."""

    relationship: Relationship
    meetings: list[str]
    feedback: list[str]

    def ids(self, parts: str) -> list[str]:
        return self.meetings if parts == "meetings" else self.feedback


def a_busy_relationship(programme: Programme, count: int = MORE_THAN_RECENT) -> Busy:
    relationship = programme.mentoring()
    scheduled: list[tuple[str, str]] = []
    for n in range(count):
        # 7 shares no factor with 55 (or 6): every day from 0 to count - 1 once, scrambled
        day = (n * 7) % count
        body = {
            "scheduled_for": rfc3339(NEXT_YEAR + timedelta(days=day)),
            "duration_minutes": 45,
            "mode": "video",
        }
        meeting = must(relationship.command(programme.ana.token, "meetings", body), 201)
        scheduled.append((meeting["scheduled_for"], meeting["id"]))
    feedback = []
    for n in range(count):
        giver = programme.ana if n % 2 else programme.budi
        body = {"about": "performance", "content": f"Feedback {n}"}
        feedback.append(must(relationship.command(giver.token, "feedback", body))["feedback"][-1])
    assert [item["content"] for item in feedback] == [f"Feedback {n}" for n in range(count)]
    return Busy(relationship, [i for _, i in sorted(scheduled)], [f["id"] for f in feedback])


def page(relationship: Relationship, token: str, parts: str, **query: Any) -> Any:
    path = f"/{parts}?" + "&".join(f"{name}={value}" for name, value in query.items())
    return must(relationship.read(token, path))


def every_page(relationship: Relationship, token: str, parts: str, **query: Any) -> list[Any]:
    """Every page of a list, following each page's cursor to the end."""
    pages = [page(relationship, token, parts, **query)]
    while pages[-1]["next_cursor"] is not None:
        pages.append(page(relationship, token, parts, **query, cursor=pages[-1]["next_cursor"]))
    return pages
