"""Reads of the coordinators' views that wait for the last command, and the commands (dated
meetings, boundaries, modes) whose positions they wait for.

The views lag the log, so every read here passes `after=<position of the last command seen>`.
Everything goes through the API, so these tests also run against a live server.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.support.answers import must
from tests.support.api import ApiClient, ApiResponse
from tests.support.contract import PRIVATE_FIELDS
from tests.support.http_world import REQUEST_MESSAGE, Person, Programme, Relationship
from tests.support.moments import days_from_now

SECRET = "private:"  # every private text written here and in audit.py starts with it


@dataclass
class Views:
    """Commands whose positions it remembers, and reads of the views after the latest one."""

    api: ApiClient
    position: int = 0
    created: list[str] = field(default_factory=list)

    def did(self, response: ApiResponse, status: int = 200) -> Any:
        body = must(response, status)
        assert isinstance(body.get("position"), int), f"a command answer without position: {body}"
        self.position = max(self.position, body["position"])
        return body

    def listing(
        self, token: str, headers: dict[str, str] | None = None, **query: Any
    ) -> ApiResponse:
        params = {"after": self.position, **query}
        path = f"/api/relationships?{urlencode(params)}"
        return self.api.get(path, token=token, headers=headers)

    def items(self, token: str, **query: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = must(self.listing(token, **query))["items"]
        return items

    def ids(self, token: str, **query: Any) -> list[str]:
        return [item["id"] for item in self.items(token, **query)]

    def every_page(self, token: str, **query: Any) -> list[dict[str, Any]]:
        """Each page's body, following next_cursor to the end."""
        pages = [must(self.listing(token, **query))]
        while pages[-1]["next_cursor"] is not None:
            assert len(pages) < 100, "the cursor never ends"
            pages.append(must(self.listing(token, **query, cursor=pages[-1]["next_cursor"])))
        return pages

    def csv_rows(self, token: str, **query: Any) -> list[dict[str, str]]:
        answer = self.listing(token, headers={"Accept": "text/csv"}, **query)
        assert answer.status == 200, answer
        assert answer.content_type.startswith("text/csv"), answer.headers
        return list(csv.DictReader(io.StringIO(answer.body)))

    def status(self, token: str, program_id: str, **query: Any) -> ApiResponse:
        params = {"after": self.position, **query}
        return self.api.get(f"/api/programs/{program_id}/status?{urlencode(params)}", token=token)

    def figures(self, token: str, program_id: str) -> dict[str, Any]:
        body: dict[str, Any] = must(self.status(token, program_id))
        return body

    def lineage(self, token: str, participant_id: str) -> dict[str, Any]:
        """The lineage has no `after` of its own: a list read waits for the views first."""
        must(self.listing(token))
        body: dict[str, Any] = must(
            self.api.get(f"/api/participants/{participant_id}/lineage", token=token)
        )
        return body

    # --- building -----------------------------------------------------------------------------

    def relationship(
        self,
        programme: Programme,
        requester: Person,
        invitee: Person,
        kind: str = "mentoring",
        status: str = "active",
        into: str | None = None,
    ) -> Relationship:
        """`requester` has asked `invitee` (in the programme, or the one named `into`), and the
        relationship is now `status`."""
        relationship = programme.relationship(
            requester, invitee, kind, status, did=self.did, program_id=into or programme.id
        )
        self.created.append(relationship.id)
        return relationship

    def met(self, relationship: Relationship, days_ago: float) -> str:
        """They held a meeting `days_ago` days ago (scheduled then, held then); when."""
        moment = days_from_now(-days_ago)
        meeting = self.plan(relationship, -days_ago)
        body = {"held_at": moment, "summary": f"{SECRET} what we said"}
        self.did(
            relationship.command(relationship.requester.token, f"meetings/{meeting}/held", body)
        )
        return moment

    def plan(self, relationship: Relationship, in_days: float) -> str:
        """A video meeting scheduled `in_days` from now (negative: in the past)."""
        body = {"scheduled_for": days_from_now(in_days), "duration_minutes": 45, "mode": "video"}
        answer = relationship.command(relationship.requester.token, "meetings", body)
        return str(self.did(answer, 201)["id"])

    def agree_every(self, relationship: Relationship, days: int, agreed: bool = True) -> None:
        boundaries = {
            "meeting_every_days": days,
            "channel": "video",
            "confidential_topics": [f"{SECRET} salary"],
            "notes": f"{SECRET} cameras optional",
        }
        self.did(relationship.command(relationship.requester.token, "boundaries", boundaries))
        if agreed:
            self.did(relationship.command(relationship.invitee.token, "boundaries/agree", {}))

    def shift(self, relationship: Relationship, mentor: Person | None) -> None:
        """To peers (no mentor), or to mentoring with `mentor`; proposed and agreed."""
        body: dict[str, Any] = {"mode": "peer"}
        if mentor is not None:
            body = {"mode": "mentoring", "mentor_id": mentor.id}
        self.did(relationship.command(relationship.requester.token, "mode", body))
        self.did(relationship.command(relationship.invitee.token, "mode/agree", {}))


def assert_no_private_text(body: Any) -> None:
    """Neither a private field nor anything the parties wrote, anywhere in the answer."""
    assert SECRET not in json.dumps(body), body
    assert REQUEST_MESSAGE not in json.dumps(body), body
    pending = [body]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            assert not PRIVATE_FIELDS & value.keys(), value
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
