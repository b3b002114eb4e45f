"""The authorisation table's world: its people, their private text, and how rows set it up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.answers import must
from tests.support.http_world import Person, Programme
from tests.support.moments import next_week

PRIVATE = "private:"
BUG = "BUG: "

MESSAGE = f"{PRIVATE} I would like help growing into a tech lead."
BOUNDARIES = {
    "meeting_every_days": 14,
    "channel": "video",
    "confidential_topics": [f"{PRIVATE} salary"],
    "notes": f"{PRIVATE} cameras optional.",
}
AGENDA = {
    "topics": [f"{PRIVATE} design reviews"],
    "progress_reflection": f"{PRIVATE} I led my first review.",
    "development_areas": [f"{PRIVATE} delegation"],
}
HELD = {"summary": f"{PRIVATE} we talked about delegation."}
FEEDBACK = {"about": "attitude", "content": f"{PRIVATE} kind and curious."}
CONCLUDE = {"outcome": "goals_met", "reflection": f"{PRIVATE} I grew."}


# ---------------------------------------------------------------------------------------------
# The world: built once per store for the whole module.


@dataclass
class World:
    """The Graduate Engineers cast (Citra the non-party participant; Ana and Budi the mentor and
    mentee of the shared relationship, an active one full of private text)."""

    programme: Programme
    shared_id: str = ""
    shared_meeting: str = ""
    shared_goal: str = ""

    def enrolled(self, name: str, role: str) -> Person:
        return self.programme.register(name, role, email=f"{name.lower()}@example.org")

    def ask(self, mentee: Person, mentor: Person) -> str:
        return str(must(self.programme.ask(mentee, mentor, message=MESSAGE), 201)["id"])

    def act(self, token: str, relationship_id: str, name: str, body: Any = None) -> Any:
        path = f"/api/relationships/{relationship_id}/{name}"
        answer = self.programme.api.post(path, body, token=token)
        return must(answer, 201 if name == "meetings" else 200)


def _meeting() -> dict[str, Any]:
    return {"scheduled_for": next_week(), "duration_minutes": 45, "mode": "video"}


# ---------------------------------------------------------------------------------------------
# What a row calls: a path and body, and who the two parties are.


@dataclass(frozen=True)
class Call:
    path: str
    body: Any
    mentor: Person
    mentee: Person


Prepare = Callable[[World], Call]
Setup = Callable[[World, str, Person, Person], dict[str, str]]


def shared(template: str, body: Any = None) -> Prepare:
    """A call on what the world already holds: reads, and calls refused before any state."""

    def prepare(world: World) -> Call:
        path = template.format(
            program=world.programme.id,
            rel=world.shared_id,
            meeting=world.shared_meeting,
            goal=world.shared_goal,
            mentee=world.programme.budi.id,
        )
        return Call(path, body, world.programme.ana, world.programme.budi)

    return prepare


def fresh(
    status: str,
    name: str,
    body: Any = None,
    setup: Setup | None = None,
) -> Prepare:
    """A command on a fresh relationship between two new people, brought to `status`."""

    def prepare(world: World) -> Call:
        mentor = world.enrolled("Mentor", "mentor")
        mentee = world.enrolled("Mentee", "mentee")
        rid = world.programme.relationship(mentee, mentor, status=status, message=MESSAGE).id
        ids = setup(world, rid, mentor, mentee) if setup else {}
        return Call(f"/api/relationships/{rid}/{name.format(**ids)}", body, mentor, mentee)

    return prepare


def with_meeting(world: World, rid: str, mentor: Person, mentee: Person) -> dict[str, str]:
    return {"meeting": world.act(mentee.token, rid, "meetings", _meeting())["id"]}


def with_goal(world: World, rid: str, mentor: Person, mentee: Person) -> dict[str, str]:
    state = must(world.programme.api.get(f"/api/relationships/{rid}", token=mentee.token))
    return {"goal": state["goals"][0]["id"]}


def proposed(what: str, body: dict[str, Any]) -> Setup:
    """The mentee has proposed; the mentor is the one who may agree."""

    def setup(world: World, rid: str, mentor: Person, mentee: Person) -> dict[str, str]:
        world.act(mentee.token, rid, what, body)
        return {}

    return setup


def new_request(world: World) -> Call:
    """Two new people who have no relationship yet; the mentee may ask the mentor."""
    mentor = world.enrolled("Mentor", "mentor")
    mentee = world.enrolled("Mentee", "mentee")
    body = {
        "program_id": world.programme.id,
        "invitee_id": mentor.id,
        "kind": "mentoring",
        "goals": ["Lead a design review"],
        "message": MESSAGE,
    }
    return Call("/api/relationships", body, mentor, mentee)


def new_enrolment(world: World) -> Call:
    registered = world.programme.api.post(
        "/api/participants", {"name": "Eko"}, token=world.programme.coordinator
    )
    body = {"participant_id": must(registered, 201)["id"], "roles": ["peer"]}
    return Call(
        f"/api/programs/{world.programme.id}/enrollments",
        body,
        world.programme.ana,
        world.programme.budi,
    )
