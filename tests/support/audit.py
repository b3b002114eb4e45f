"""The auditing contract's world: reading the trail and exports, and programmes to audit.

The trail is served from the views and takes no `after`: a list read with `after=<position of
the last command>` first makes sure the views (the trail among them) have caught up.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.support.answers import must
from tests.support.api import ApiClient, ApiResponse
from tests.support.http_world import Programme, Relationship
from tests.support.view_reads import SECRET, Views

NDJSON = "application/x-ndjson"
FIELDS = {"position", "relationship_id", "version", "type", "occurred_at", "actor_id", "data"}
PRIVATE = "[private]"


def staff(api: ApiClient, role: str) -> str:
    """A token for someone in that role whom no data concerns: enough for checks of access."""
    return api.token(f"{role}-{uuid.uuid4().hex[:8]}", [role])


def _events(
    api: ApiClient, token: str, query: dict[str, Any], headers: dict[str, str] | None = None
) -> ApiResponse:
    return api.get(f"/api/audit/events?{urlencode(query)}", token=token, headers=headers)


def trail(api: ApiClient, token: str, **query: Any) -> ApiResponse:
    """A page of the trail, as JSON."""
    return _events(api, token, query)


def caught_up(views: Views, programme: Programme) -> None:
    """Waits until the views reflect the last command answered."""
    must(views.listing(programme.admin))


def every_item(api: ApiClient, token: str, **query: Any) -> list[dict[str, Any]]:
    """The items of every page, following next_cursor to the end."""
    page = must(trail(api, token, limit=200, **query))
    items: list[dict[str, Any]] = list(page["items"])
    while page["next_cursor"] is not None:
        assert len(items) < 10_000, "the cursor never ends"
        page = must(trail(api, token, limit=200, **query, cursor=page["next_cursor"]))
        items.extend(page["items"])
    return items


def lines_of(answer: ApiResponse) -> list[dict[str, Any]]:
    """An NDJSON answer: one JSON object a line, each line ended by a newline."""
    assert answer.status == 200, f"{answer.status} {answer.body}"
    assert answer.content_type.startswith(NDJSON), answer.headers
    text = answer.body or ""
    assert text == "" or text.endswith("\n"), text[-200:]
    parsed = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(line, dict) for line in parsed), text[:600]
    return parsed


def export(api: ApiClient, token: str, **query: Any) -> ApiResponse:
    """The whole trail, streamed as NDJSON."""
    return _events(api, token, query, headers={"Accept": NDJSON})


def history(relationship: Relationship, token: str, ndjson: bool = False) -> ApiResponse:
    headers = {"Accept": NDJSON} if ndjson else None
    return relationship.api.get(f"{relationship.path}/history", token=token, headers=headers)


def events_of(relationship: Relationship, token: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = must(history(relationship, token))["events"]
    return events


@dataclass(frozen=True)
class Audited:
    """'Graduate Engineers' with two relationships, and one more in another programme."""

    mentoring: Relationship
    peers: Relationship
    elsewhere: Relationship
    elsewhere_id: str

    @property
    def in_programme(self) -> tuple[Relationship, Relationship]:
        return self.mentoring, self.peers


def audited_programme(views: Views, programme: Programme) -> Audited:
    """Budi and Ana: boundaries proposed and agreed, a goal, a meeting, paused by the
    coordinator. Citra and Dewi, peers: feedback. In Night School, Budi asked Ana again
    and was declined."""
    ana, budi = programme.ana, programme.budi
    mentoring = views.relationship(programme, budi, ana)
    views.agree_every(mentoring, 14)
    views.did(mentoring.command(budi.token, "goals", {"text": "Present at the guild"}))
    views.plan(mentoring, in_days=7)
    peers = views.relationship(programme, programme.citra, programme.dewi, "peer")
    feedback = {"about": "relationship", "content": f"{SECRET} you listen well"}
    views.did(peers.command(programme.dewi.token, "feedback", feedback))
    views.did(mentoring.command(programme.coordinator, "pause", {"reason": "Reported concern"}))
    night_school = programme.other_programme()
    programme.join(ana, "mentor", into=night_school)
    programme.join(budi, "mentee", into=night_school)
    elsewhere = views.relationship(programme, budi, ana, status="declined", into=night_school)
    caught_up(views, programme)
    return Audited(mentoring, peers, elsewhere, night_school)


def full_of_private_text(views: Views, programme: Programme) -> Relationship:
    """Ana mentors Budi; they have written private text in every place it can go."""
    relationship = views.relationship(programme, programme.budi, programme.ana)
    ana, budi = programme.ana.token, programme.budi.token
    views.agree_every(relationship, 14)
    meeting = views.plan(relationship, in_days=3)
    agenda = {
        "topics": [f"{SECRET} design reviews"],
        "progress_reflection": f"{SECRET} I led my first review",
        "development_areas": [f"{SECRET} delegation"],
    }
    views.did(relationship.command(budi, f"meetings/{meeting}/agenda", agenda))
    views.did(relationship.command(ana, f"meetings/{meeting}/held", {"summary": f"{SECRET} ok"}))
    feedback = {"about": "performance", "content": f"{SECRET} clear", "meeting_id": meeting}
    views.did(relationship.command(ana, "feedback", feedback))
    conclusion = {"outcome": "goals_met", "reflection": f"{SECRET} grew a lot"}
    views.did(relationship.command(budi, "conclude", conclusion))
    caught_up(views, programme)
    return relationship


def without_place(item: dict[str, Any]) -> dict[str, Any]:
    """A trail item as the relationship's history shows the same event."""
    return {k: v for k, v in item.items() if k not in ("position", "relationship_id")}
