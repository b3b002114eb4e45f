"""Builders for the HTTP contract tests: a programme with its people, and relationships in it.

Everything is set up through the API itself, so these tests also run against a live server.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.api import ApiClient, ApiResponse

PROBLEM_JSON = "application/problem+json"


def must(response: ApiResponse, status: int = 200) -> Any:
    """The body of an answer that had to succeed, with the whole answer in the message if not."""
    shown = json.dumps(response.body, default=str)[:800]
    assert response.status == status, f"expected {status}, got {response.status} {shown}"
    return response.body


def assert_problem(response: ApiResponse, status: int, problem_type: str | None = None) -> Any:
    """An RFC 9457 problem with the given status; `errors` only ever on 422."""
    shown = json.dumps(response.body, default=str)[:800]
    assert response.status == status, f"expected {status}, got {response.status} {shown}"
    assert response.content_type.startswith(PROBLEM_JSON), response.headers
    body = response.body
    assert isinstance(body, dict), body
    assert {"type", "title", "status", "detail"} <= body.keys(), body
    assert body["status"] == status, body
    assert ("errors" in body) == (status == 422), body
    if problem_type is not None:
        assert body["type"] == problem_type, body
    return body


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def next_week() -> str:
    return rfc3339(datetime.now(UTC).replace(microsecond=0) + timedelta(days=7))


REQUEST_MESSAGE = "I would like help growing into a tech lead."
BOUNDARIES = {
    "meeting_every_days": 14,
    "channel": "video",
    "confidential_topics": ["salary"],
    "notes": "Cameras optional.",
}
AGENDA = {
    "topics": ["Design reviews"],
    "progress_reflection": "I led my first review.",
    "development_areas": ["Delegation"],
}


@dataclass(frozen=True)
class Person:
    id: str
    token: str


@dataclass(frozen=True)
class Relationship:
    """A relationship between two people of the programme, and ways to act on it."""

    api: ApiClient
    id: str
    requester: Person
    invitee: Person

    @property
    def path(self) -> str:
        return f"/api/relationships/{self.id}"

    def command(
        self, token: str, name: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> ApiResponse:
        return self.api.post(f"{self.path}/{name}", body, token=token, headers=headers)

    def read(self, token: str, query: str = "") -> ApiResponse:
        return self.api.get(f"{self.path}{query}", token=token)

    def history(self, token: str) -> ApiResponse:
        return self.api.get(f"{self.path}/history", token=token)

    def state(self) -> Any:
        """The state as the requester sees it."""
        return must(self.read(self.requester.token))

    def schedule_meeting(self, token: str | None = None) -> str:
        body = {"scheduled_for": next_week(), "duration_minutes": 45, "mode": "video"}
        answer = self.command(token or self.requester.token, "meetings", body)
        return str(must(answer, 201)["id"])


@dataclass(frozen=True)
class Programme:
    """'Graduate Engineers': a coordinator, Ana the mentor, Budi the mentee, two peers.

    Around it: an admin, an auditor, and the coordinator of another programme.
    """

    api: ApiClient
    id: str
    coordinator_sub: str
    coordinator: str
    other_coordinator: str
    admin: str
    auditor: str
    ana: Person
    budi: Person
    citra: Person
    dewi: Person

    def ask(
        self, requester: Person, invitee: Person, kind: str = "mentoring", **overrides: Any
    ) -> ApiResponse:
        body = {
            "program_id": self.id,
            "invitee_id": invitee.id,
            "kind": kind,
            "goals": ["Lead a design review"],
            "message": REQUEST_MESSAGE,
            **overrides,
        }
        return self.api.post("/api/relationships", body, token=requester.token)

    def mentoring(self, status: str = "active") -> Relationship:
        """Budi has asked Ana for mentoring, and the relationship is now `status`."""
        return self._brought_to(status, self.budi, self.ana, "mentoring")

    def peers(self, status: str = "active") -> Relationship:
        """Citra has asked Dewi for peer mentoring, and the relationship is now `status`."""
        return self._brought_to(status, self.citra, self.dewi, "peer")

    def _brought_to(
        self, status: str, requester: Person, invitee: Person, kind: str
    ) -> Relationship:
        body = must(self.ask(requester, invitee, kind), 201)
        relationship = Relationship(self.api, body["id"], requester, invitee)
        for by_invitee, name, command_body in STEPS_TO[status]:
            token = invitee.token if by_invitee else requester.token
            must(relationship.command(token, name, command_body))
        assert relationship.state()["status"] == status
        return relationship


ACCEPT: tuple[bool, str, dict[str, Any]] = (True, "accept", {})
# How a fresh request reaches each status: (by the invitee?, command, body) in order.
STEPS_TO: dict[str, list[tuple[bool, str, dict[str, Any]]]] = {
    "requested": [],
    "active": [ACCEPT],
    "declined": [(True, "decline", {"reason": "Too busy this quarter."})],
    "withdrawn": [(False, "withdraw", {"reason": "Found another mentor."})],
    "paused": [ACCEPT, (False, "pause", {"reason": "On leave."})],
    "concluded": [ACCEPT, (False, "conclude", {"outcome": "goals_met", "reflection": "Grew."})],
}


def _participant(api: ApiClient, coordinator: str, program_id: str, name: str, role: str) -> Person:
    body = {"name": name, "email": f"{name.lower()}@example.org", "expertise": ["Python"]}
    participant_id = must(api.post("/api/participants", body, token=coordinator), 201)["id"]
    enrolment = {"participant_id": participant_id, "roles": [role]}
    must(api.post(f"/api/programs/{program_id}/enrollments", enrolment, token=coordinator), 201)
    return Person(participant_id, api.token(participant_id, ["participant"]))


@pytest.fixture
def programme(api: ApiClient) -> Programme:
    unique = uuid.uuid4().hex[:8]
    coordinator_sub = f"coordinator-gina-{unique}"
    coordinator = api.token(coordinator_sub, ["coordinator"])
    other_coordinator = api.token(f"coordinator-hana-{unique}", ["coordinator"])
    must(api.post("/api/programs", {"name": "Night School"}, token=other_coordinator), 201)
    program_id = must(
        api.post("/api/programs", {"name": "Graduate Engineers"}, token=coordinator), 201
    )["id"]

    def enrolled(name: str, role: str) -> Person:
        return _participant(api, coordinator, program_id, name, role)

    return Programme(
        api=api,
        id=program_id,
        coordinator_sub=coordinator_sub,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        admin=api.token(f"admin-ivo-{unique}", ["admin"]),
        auditor=api.token(f"auditor-joko-{unique}", ["auditor"]),
        ana=enrolled("Ana", "mentor"),
        budi=enrolled("Budi", "mentee"),
        citra=enrolled("Citra", "peer"),
        dewi=enrolled("Dewi", "peer"),
    )
