"""The world of one scenario: who is who, and a way to act as them through the HTTP API only.

Programmes and people are made with the HTTP world's builder (tests/support/http_world.py);
nothing here imports the implementation, so the features also run against a live server. The
browser's world (tests/support/browser_world.py) acts as them through the web app's pages
instead, and records what the page showed as a PageAnswer where this one records the API's.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.api import ApiClient, ApiResponse
from tests.support.http_world import Person, Programme, steps_between
from tests.support.moments import to_the_second


@dataclass(frozen=True)
class PageAnswer:
    """What a person saw after sending a form in the browser: `taken` (the page went on to the
    relationship, saying so) or refused (the same form again, saying why, with the API's status
    and problem slug on the notice); `body` is, once taken, what the page shows as the API has
    it (the relationship, or the new meeting)."""

    status: int
    location: str = ""
    problem: str | None = None
    invalid: tuple[str, ...] = ()
    body: Any = None

    @property
    def taken(self) -> bool:
        return self.status in (200, 303)


Answer = ApiResponse | PageAnswer


def describe(response: Answer) -> str:
    if isinstance(response, PageAnswer):
        return f"the page: {response}"
    return f"{response.status} {json.dumps(response.body, default=str)[:600]}"


def succeeded(response: Answer, *statuses: int) -> Any:
    """The body of an answer that had to succeed (200 or 201 unless told); the whole answer in
    the message if not. Through the browser: the form was taken (a page shows no status code)."""
    if isinstance(response, PageAnswer):
        assert response.taken, f"the form was refused: {describe(response)}"
        return response.body
    expected = statuses or (200, 201)
    assert response.status in expected, f"expected {expected}, got {describe(response)}"
    return response.body


def taken(response: Answer, *statuses: int) -> Any:
    """The body of a command's answer that had to succeed, with the log position the API gives
    every command's answer (a page shows none)."""
    body = succeeded(response, *statuses)
    if isinstance(response, ApiResponse):
        assert "position" in body, f"a command answer without position: {body}"
    return body


def assert_refused(response: Answer, status: int, problem_type: str | None = None) -> None:
    """A problem answer with the status (and type, if given); through the browser, the refused
    form's notice names them."""
    if isinstance(response, PageAnswer):
        assert response.status == status, f"expected {status}, got {describe(response)}"
        if problem_type is not None:
            assert f"/problems/{response.problem}" == problem_type, describe(response)
        return
    assert response.status == status, f"expected {status}, got {describe(response)}"
    assert response.content_type.startswith("application/problem+json"), response.headers
    body = response.body
    assert isinstance(body, dict), body
    for key in ("type", "title", "status", "detail"):
        assert key in body, f"problem without {key!r}: {body}"
    assert body["status"] == status, body
    if problem_type is not None:
        assert body["type"] == problem_type, f"expected type {problem_type}, got {body}"


@dataclass
class World:
    """Names to ids and tokens, the relationship in play, and the last answer."""

    api: ApiClient
    programmes: dict[str, Programme] = field(default_factory=dict)
    programme_name: str | None = None
    people: dict[str, Person] = field(default_factory=dict)
    enrolments: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    staff: dict[str, tuple[str, str]] = field(default_factory=dict)
    relationship_id: str | None = None
    relationship_programme: str | None = None
    parties: tuple[str, str] | None = None
    meetings: list[str] = field(default_factory=list)
    last: Answer | None = None
    answers: list[Answer] = field(default_factory=list)
    noted_version: int | None = None
    etags: dict[str, str] = field(default_factory=dict)
    next_week: datetime = field(
        default_factory=lambda: (datetime.now(UTC) + timedelta(days=7)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )

    # --- people and programmes -------------------------------------------------------------

    @property
    def programme(self) -> Programme:
        assert self.programme_name is not None, "no programme yet"
        return self.programmes[self.programme_name]

    def create_programme(self, name: str) -> Programme:
        if name not in self.programmes:
            sub = f"coordinator-{uuid.uuid4()}"
            self.programmes[name] = Programme.create(self.api, name, sub)
        self.programme_name = name
        return self.programmes[name]

    def register(self, name: str) -> Person:
        if name not in self.people:
            if self.programme_name is None:
                self.create_programme("Graduate Engineers")
            email = f"{name.lower()}@example.org"
            self.people[name] = self.programme.register(name, email=email)
        return self.people[name]

    def enrol(self, name: str, roles: list[str]) -> None:
        person = self.register(name)
        known = self.enrolments.setdefault((self.programme.id, name), set())
        if set(roles) <= known:
            return
        programme = self.programme
        programme.join(person, *sorted(known | set(roles)), by=programme.coordinator)
        known.update(roles)

    def staff_member(self, label: str, sub_prefix: str, role: str) -> tuple[str, str]:
        if label not in self.staff:
            sub = f"{sub_prefix}-{uuid.uuid4()}"
            self.staff[label] = (sub, self.api.token(sub, [role]))
        return self.staff[label]

    def other_coordinator(self) -> tuple[str, str]:
        label = "a coordinator of another programme"
        if label not in self.staff:
            current = self.programme_name
            other = self.create_programme(f"Another programme {uuid.uuid4().hex[:6]}")
            self.programme_name = current
            self.staff[label] = (other.coordinator_sub, other.coordinator)
        return self.staff[label]

    def identity(self, actor: str) -> tuple[str, str]:
        """The (sub, token) of a person by name, or of a member of staff by description."""
        if actor in self.people:
            return self.people[actor].id, self.people[actor].token
        if actor == "the coordinator":
            programme = self.programmes[self.relationship_programme or self.programme_name or ""]
            return programme.coordinator_sub, programme.coordinator
        if actor == "a coordinator of another programme":
            return self.other_coordinator()
        if actor == "an auditor":
            return self.staff_member(actor, "auditor", "auditor")
        if actor == "an admin":
            return self.staff_member(actor, "admin", "admin")
        raise KeyError(f"nobody called {actor!r} in this scenario")

    def token(self, actor: str) -> str:
        return self.identity(actor)[1]

    def sub(self, actor: str) -> str:
        return self.identity(actor)[0]

    # --- relationships ----------------------------------------------------------------------

    def record(self, response: Any) -> Any:
        self.last = response
        self.answers.append(response)
        return response

    @contextmanager
    def not_through_the_browser(self, why: str) -> Iterator[None]:
        """What a step sends here goes through the API in every way of running the features;
        `why` says why a page cannot say it (the browser's world honours it)."""
        yield

    def look(self, reader: str) -> None:
        """The reader opens the relationship (through the browser, its page)."""
        self.record(self.read(reader))

    def ask(
        self,
        requester: str,
        invitee_id: str,
        kind: str,
        goals: list[str] | None = None,
        message: str = "I would like to learn how you lead code reviews.",
        headers: dict[str, str] | None = None,
    ) -> ApiResponse:
        body = {
            "program_id": self.programme.id,
            "invitee_id": invitee_id,
            "kind": kind,
            "goals": ["Lead a code review on my own"] if goals is None else goals,
            "message": message,
        }
        answer = self.record(
            self.api.post("/api/relationships", body, token=self.token(requester), headers=headers)
        )
        if answer.status == 201:
            self.asked(requester, invitee_id, answer.body["id"])
        return answer

    def asked(self, requester: str, invitee_id: str, relationship_id: str) -> None:
        """The relationship just requested is the one in play from now on."""
        self.relationship_id = relationship_id
        self.relationship_programme = self.programme_name
        invitee = next((n for n, p in self.people.items() if p.id == invitee_id), "?")
        self.parties = (requester, invitee)
        self.meetings = []

    @property
    def path(self) -> str:
        assert self.relationship_id is not None, "no relationship yet"
        return f"/api/relationships/{self.relationship_id}"

    def command(
        self,
        actor: str,
        action: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResponse:
        answer = self.api.post(
            f"{self.path}/{action}", body or {}, token=self.token(actor), headers=headers
        )
        if answer.status == 201 and action == "meetings":
            self.meetings.append(answer.body["id"])
        return self.record(answer)

    def schedule(
        self,
        actor: str,
        minutes: int = 45,
        scheduled_for: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResponse:
        body = {
            "scheduled_for": scheduled_for or to_the_second(self.next_week),
            "duration_minutes": minutes,
            "mode": "video",
        }
        return self.command(actor, "meetings", body, headers=headers)

    @property
    def answer(self) -> Any:
        """The answer to the last thing anyone sent."""
        assert self.last is not None, "nothing was sent"
        return self.last

    @property
    def meeting(self) -> str:
        assert self.meetings, "no meeting yet"
        return self.meetings[-1]

    @property
    def requester(self) -> str:
        assert self.parties is not None
        return self.parties[0]

    @property
    def invitee(self) -> str:
        assert self.parties is not None
        return self.parties[1]

    def read(self, actor: str | None = None) -> ApiResponse:
        return self.api.get(self.path, token=self.token(actor or self.requester))

    def state(self, actor: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = succeeded(self.read(actor), 200)
        return body

    def history(self, actor: str | None = None) -> list[dict[str, Any]]:
        answer = self.api.get(f"{self.path}/history", token=self.token(actor or self.requester))
        events: list[dict[str, Any]] = succeeded(answer, 200)["events"]
        return events

    def goal_id(self, text: str) -> str:
        for goal in self.state()["goals"]:
            if goal["text"] == text:
                return str(goal["id"])
        raise AssertionError(f"no goal {text!r}")

    def note_version(self) -> None:
        self.noted_version = self.state()["version"]

    def bring_to(self, status: str) -> None:
        """Move the relationship in play from where it is to `status` by the usual path."""
        for by_invitee, action, body in steps_between(self.state()["status"], status):
            succeeded(self.command(self.invitee if by_invitee else self.requester, action, body))
