"""The HTTP world: a programme with its coordinator and people, staff around it, and
relationships between its people brought to any status, all made through the API itself (so
the tests also run against a live server).

`graduate_engineers` is the cast most tests start from; `enrolled_pair` a mentor and a mentee.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support.answers import must
from tests.support.api import ApiClient, ApiResponse
from tests.support.moments import next_week

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
# What checks each answer while building: `must`, or a check that also notes something.
Did = Callable[[ApiResponse, int], Any]


def steps_between(current: str, status: str) -> list[tuple[bool, str, dict[str, Any]]]:
    """The steps still to take from `current` to `status` along the usual path (STEPS_TO)."""
    done, wanted = STEPS_TO[current], STEPS_TO[status]
    if wanted[: len(done)] != done:
        raise AssertionError(f"cannot bring a {current} relationship to {status}")
    return wanted[len(done) :]


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
    """A programme on the API: its coordinator, its people by name (in lower case), the tokens
    of staff around it by role, and what its requests ask for unless told otherwise."""

    api: ApiClient
    id: str
    coordinator_sub: str
    coordinator: str
    people: dict[str, Person] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)
    request: dict[str, Any] = field(
        default_factory=lambda: {"goals": ["Lead a design review"], "message": REQUEST_MESSAGE}
    )

    @classmethod
    def create(cls, api: ApiClient, name: str, coordinator_sub: str, **request: Any) -> Programme:
        """A new programme, created by a coordinator whose token has `coordinator_sub`."""
        coordinator = api.token(coordinator_sub, ["coordinator"])
        program_id = must(api.post("/api/programs", {"name": name}, token=coordinator), 201)["id"]
        programme = cls(api, program_id, coordinator_sub, coordinator)
        programme.request.update(request)
        return programme

    # --- the cast of `graduate_engineers` ------------------------------------------------------

    @property
    def ana(self) -> Person:
        return self.people["ana"]

    @property
    def budi(self) -> Person:
        return self.people["budi"]

    @property
    def citra(self) -> Person:
        return self.people["citra"]

    @property
    def dewi(self) -> Person:
        return self.people["dewi"]

    @property
    def admin(self) -> str:
        return self.staff["admin"]

    @property
    def auditor(self) -> str:
        return self.staff["auditor"]

    @property
    def other_coordinator(self) -> str:
        return self.staff["other coordinator"]

    # --- people -----------------------------------------------------------------------------

    def register(
        self, name: str, *roles: str, by: str | None = None, into: str | None = None, **details: Any
    ) -> Person:
        """A new participant, registered by the coordinator (or `by`) with `details`; given
        roles, enrolled by them here (or in the programme `into`)."""
        token = by or self.coordinator
        answer = self.api.post("/api/participants", {"name": name, **details}, token=token)
        person_id = must(answer, 201)["id"]
        person = Person(person_id, self.api.token(person_id, ["participant"]))
        self.people[name.lower()] = person
        return self.join(person, *roles, by=token, into=into) if roles else person

    def enrol(self, name: str, *roles: str, into: str | None = None) -> Person:
        """A new participant with an address of their own, registered and enrolled by an admin
        in the programme, or in the one named `into`."""
        email = f"{name.lower()}-{uuid.uuid4().hex[:6]}@example.org"
        return self.register(name, *roles, by=self.admin, into=into, email=email)

    def join(
        self, person: Person, *roles: str, by: str | None = None, into: str | None = None
    ) -> Person:
        """Someone already registered, enrolled with `roles` (replacing earlier ones) by an
        admin (or `by`), in the programme or in the one named `into`."""
        enrolment = {"participant_id": person.id, "roles": list(roles)}
        path = f"/api/programs/{into or self.id}/enrollments"
        must(self.api.post(path, enrolment, token=by or self.admin), 201)
        return person

    # --- other programmes -------------------------------------------------------------------

    def other_programme(self, **body: Any) -> str:
        """Another programme, run by the other coordinator; its id."""
        answer = self.api.post(
            "/api/programs", {"name": "Night School", **body}, token=self.other_coordinator
        )
        return str(must(answer, 201)["id"])

    def own_programme(self, **body: Any) -> str:
        """A further programme run by the same coordinator; its id."""
        answer = self.api.post(
            "/api/programs", {"name": "Evening Class", **body}, token=self.coordinator
        )
        return str(must(answer, 201)["id"])

    # --- relationships ----------------------------------------------------------------------

    def ask(
        self, requester: Person, invitee: Person, kind: str = "mentoring", **overrides: Any
    ) -> ApiResponse:
        body = {
            "program_id": self.id,
            "invitee_id": invitee.id,
            "kind": kind,
            **self.request,
            **overrides,
        }
        return self.api.post("/api/relationships", body, token=requester.token)

    def relationship(
        self,
        requester: Person,
        invitee: Person,
        kind: str = "mentoring",
        status: str = "active",
        did: Did = must,
        **overrides: Any,
    ) -> Relationship:
        """`requester` has asked `invitee`, and the relationship is now `status`; `did`
        checks each answer on the way."""
        body = did(self.ask(requester, invitee, kind, **overrides), 201)
        relationship = Relationship(self.api, body["id"], requester, invitee)
        for by_invitee, name, command in steps_between("requested", status):
            token = invitee.token if by_invitee else requester.token
            did(relationship.command(token, name, command), 200)
        return relationship

    def mentoring(self, status: str = "active") -> Relationship:
        """Budi has asked Ana for mentoring, and the relationship is now `status`."""
        return self._brought_to(status, self.budi, self.ana, "mentoring")

    def peers(self, status: str = "active") -> Relationship:
        """Citra has asked Dewi for peer mentoring, and the relationship is now `status`."""
        return self._brought_to(status, self.citra, self.dewi, "peer")

    def _brought_to(
        self, status: str, requester: Person, invitee: Person, kind: str
    ) -> Relationship:
        relationship = self.relationship(requester, invitee, kind, status)
        assert relationship.state()["status"] == status
        return relationship


def graduate_engineers(api: ApiClient) -> Programme:
    """'Graduate Engineers': a coordinator, Ana the mentor, Budi the mentee, two peers.

    Around it: an admin, an auditor, and the coordinator of another programme.
    """
    unique = uuid.uuid4().hex[:8]
    other_coordinator = api.token(f"coordinator-hana-{unique}", ["coordinator"])
    must(api.post("/api/programs", {"name": "Night School"}, token=other_coordinator), 201)
    programme = Programme.create(api, "Graduate Engineers", f"coordinator-gina-{unique}")
    programme.staff.update(
        {
            "other coordinator": other_coordinator,
            "admin": api.token(f"admin-ivo-{unique}", ["admin"]),
            "auditor": api.token(f"auditor-joko-{unique}", ["auditor"]),
        }
    )
    for name, role in (("Ana", "mentor"), ("Budi", "mentee"), ("Citra", "peer"), ("Dewi", "peer")):
        email = f"{name.lower()}@example.org"
        programme.register(name, role, email=email, expertise=["Python"])
    return programme


def enrolled_pair(api: ApiClient, name: str) -> Programme:
    """The programme `name`, whose coordinator's sub is `coordinator-<name>`: ana the mentor and
    budi the mentee, who asks for growth, "Please"."""
    programme = Programme.create(
        api, name, f"coordinator-{name.lower()}", goals=["Grow"], message="Please"
    )
    for person, role in (("ana", "mentor"), ("budi", "mentee")):
        programme.register(person, role)
    return programme
