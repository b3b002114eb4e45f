"""Who may call what: one table of every endpoint against every kind of caller.

Each row names an endpoint, a caller and the status the contract gives them. Allowed callers meet
a state in which they can act (a fresh relationship per command row), so they succeed; everyone
else is refused: 401 for a token that is not valid, 403 for a role the "who" column does not name
(staff included), 404 for a participant asking about what is not theirs. Every answer is also
checked for private text: only the two parties ever see a sentence starting with "private:".

The world (a programme, its coordinator, staff, people and one relationship full of private text)
is built once per store and module, so the table stays fast; command rows that change state get
their own fresh pair of participants and relationship, so no row depends on another.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest

from services.store import Store
from tests.api.conftest import Person, assert_problem, must, next_week
from tests.support.api import ApiClient, ApiResponse, FlaskTransport, HttpTransport

TEST_SECRET = "test-secret-key-for-tandem-at-least-32-bytes"  # as tests/conftest.py
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
    api: ApiClient
    program_id: str
    coordinator: str
    other_coordinator: str
    admin: str
    auditor: str
    citra: Person  # a peer of the programme: the non-party participant
    ana: Person  # mentor of the shared relationship
    budi: Person  # mentee of the shared relationship
    shared_id: str  # an active Budi -> Ana relationship, full of private text
    shared_meeting: str
    shared_goal: str

    def enrolled(self, name: str, role: str) -> Person:
        body = {"name": name, "email": f"{name.lower()}@example.org"}
        participant_id = must(
            self.api.post("/api/participants", body, token=self.coordinator), 201
        )["id"]
        enrolment = {"participant_id": participant_id, "roles": [role]}
        path = f"/api/programs/{self.program_id}/enrollments"
        must(self.api.post(path, enrolment, token=self.coordinator), 201)
        return Person(participant_id, self.api.token(participant_id, ["participant"]))

    def ask(self, mentee: Person, mentor: Person) -> str:
        body = {
            "program_id": self.program_id,
            "invitee_id": mentor.id,
            "kind": "mentoring",
            "goals": ["Lead a design review"],
            "message": MESSAGE,
        }
        return str(must(self.api.post("/api/relationships", body, token=mentee.token), 201)["id"])

    def act(self, token: str, relationship_id: str, name: str, body: Any = None) -> Any:
        path = f"/api/relationships/{relationship_id}/{name}"
        return must(self.api.post(path, body, token=token), 201 if name == "meetings" else 200)


def _store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        yield Store.sqlite(data_dir)
        return
    server = request.getfixturevalue("postgres_server")
    schema = server.new_schema()
    yield Store(
        kind="postgres",
        data_dir=data_dir,
        port=server.port,
        dbname="tandem",
        user="tandem",
        schema=schema,
        pool_size=2,
        max_overflow=4,
    )
    server.drop_schema(schema)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiClient]:
    """Like the `api` fixture of tests/conftest.py, but one app per store for the module."""
    kind: str = request.param
    base_url = os.environ.get("TANDEM_BASE_URL")
    if base_url:
        if kind == "postgres":
            pytest.skip("A live server uses its own store: run once, not once per store")
        yield ApiClient(HttpTransport(base_url), os.environ["TANDEM_SECRET_KEY"])
        return
    from web import create_app

    stores = _store(request, tmp_path_factory.mktemp("authorisation") / "data")
    store = next(stores)
    flask_app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "STORE_OBJECT": store})
    yield ApiClient(FlaskTransport(flask_app), TEST_SECRET)
    flask_app.extensions["services"].close()
    next(stores, None)


@pytest.fixture(scope="module")
def world(client: ApiClient) -> World:
    api = client
    unique = uuid.uuid4().hex[:8]
    coordinator = api.token(f"coordinator-gina-{unique}", ["coordinator"])
    other_coordinator = api.token(f"coordinator-hana-{unique}", ["coordinator"])
    must(api.post("/api/programs", {"name": "Night School"}, token=other_coordinator), 201)
    program_id = must(
        api.post("/api/programs", {"name": "Graduate Engineers"}, token=coordinator), 201
    )["id"]
    nobody = Person("", "")
    world = World(
        api=api,
        program_id=program_id,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        admin=api.token(f"admin-ivo-{unique}", ["admin"]),
        auditor=api.token(f"auditor-joko-{unique}", ["auditor"]),
        citra=nobody,
        ana=nobody,
        budi=nobody,
        shared_id="",
        shared_meeting="",
        shared_goal="",
    )
    world.citra = world.enrolled("Citra", "peer")
    world.ana = world.enrolled("Ana", "mentor")
    world.budi = world.enrolled("Budi", "mentee")
    # One relationship holding every kind of private text, for the reads.
    rid = world.ask(world.budi, world.ana)
    world.act(world.ana.token, rid, "accept")
    world.act(world.budi.token, rid, "boundaries", BOUNDARIES)
    world.act(world.ana.token, rid, "boundaries/agree")
    meeting = world.act(world.budi.token, rid, "meetings", _meeting())["id"]
    world.act(world.budi.token, rid, f"meetings/{meeting}/agenda", AGENDA)
    world.act(world.ana.token, rid, f"meetings/{meeting}/held", HELD)
    world.act(world.ana.token, rid, "feedback", FEEDBACK)
    state = world.act(world.budi.token, rid, "feedback", FEEDBACK)
    world.shared_id = rid
    world.shared_meeting = meeting
    world.shared_goal = state["goals"][0]["id"]
    return world


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
            program=world.program_id,
            rel=world.shared_id,
            meeting=world.shared_meeting,
            goal=world.shared_goal,
            mentee=world.budi.id,
        )
        return Call(path, body, world.ana, world.budi)

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
        rid = world.ask(mentee, mentor)
        if status in ("active", "paused"):
            world.act(mentor.token, rid, "accept")
        if status == "paused":
            world.act(mentee.token, rid, "pause", {"reason": "On leave."})
        ids = setup(world, rid, mentor, mentee) if setup else {}
        return Call(f"/api/relationships/{rid}/{name.format(**ids)}", body, mentor, mentee)

    return prepare


def with_meeting(world: World, rid: str, mentor: Person, mentee: Person) -> dict[str, str]:
    return {"meeting": world.act(mentee.token, rid, "meetings", _meeting())["id"]}


def with_goal(world: World, rid: str, mentor: Person, mentee: Person) -> dict[str, str]:
    state = must(world.api.get(f"/api/relationships/{rid}", token=mentee.token))
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
        "program_id": world.program_id,
        "invitee_id": mentor.id,
        "kind": "mentoring",
        "goals": ["Lead a design review"],
        "message": MESSAGE,
    }
    return Call("/api/relationships", body, mentor, mentee)


def new_enrolment(world: World) -> Call:
    registered = world.api.post("/api/participants", {"name": "Eko"}, token=world.coordinator)
    body = {"participant_id": must(registered, 201)["id"], "roles": ["peer"]}
    return Call(f"/api/programs/{world.program_id}/enrollments", body, world.ana, world.budi)


@dataclass(frozen=True)
class Endpoint:
    label: str  # "POST accept"
    method: str
    prepare: Prepare  # for callers with a valid token
    refused: Prepare  # for invalid tokens: no state needed, 401 comes first
    expected: dict[str, int]  # by caller kind (the seven identities)


MENTOR, MENTEE, NON_PARTY = "mentor party", "mentee party", "non-party participant"
COORDINATOR, OTHER_COORDINATOR = "programme coordinator", "other-programme coordinator"
AUDITOR, ADMIN = "auditor", "admin"
IDENTITIES = [MENTOR, MENTEE, NON_PARTY, COORDINATOR, OTHER_COORDINATOR, AUDITOR, ADMIN]
BAD_TOKENS = [
    "no token",
    "expired token",
    "token signed with another key",
    "alg none token",
    "token missing sub",
    "token missing exp",
    "token missing roles",
]


def expect(
    mentor: int = 403,
    mentee: int = 403,
    non_party: int = 403,
    coordinator: int = 403,
    other_coordinator: int = 403,
    auditor: int = 403,
    admin: int = 403,
) -> dict[str, int]:
    return {
        MENTOR: mentor,
        MENTEE: mentee,
        NON_PARTY: non_party,
        COORDINATOR: coordinator,
        OTHER_COORDINATOR: other_coordinator,
        AUDITOR: auditor,
        ADMIN: admin,
    }


def parties(ok: int = 200) -> dict[str, int]:
    """Either party acts; a non-party participant is told nothing exists; staff are refused."""
    return expect(mentor=ok, mentee=ok, non_party=404)


def one_party(*, mentor: int, mentee: int) -> dict[str, int]:
    return expect(mentor=mentor, mentee=mentee, non_party=404)


def parties_and_coordinators() -> dict[str, int]:
    return expect(mentor=200, mentee=200, non_party=404, coordinator=200, admin=200)


REL = "/api/relationships/{rel}"
STAFF_CREATES = expect(coordinator=201, other_coordinator=201, admin=201)
COORDINATORS_READ = expect(coordinator=200, admin=200)
PERSONAL_READ = expect(mentor=404, mentee=200, non_party=404, coordinator=200, admin=200)
HISTORY_READ = expect(mentor=200, mentee=200, non_party=404, auditor=200, admin=200)

ENDPOINTS = [
    Endpoint(
        "POST programs",
        "POST",
        shared("/api/programs", {"name": "Evening Cohort"}),
        shared("/api/programs", {"name": "Evening Cohort"}),
        STAFF_CREATES,
    ),
    Endpoint(
        "GET program",
        "GET",
        shared("/api/programs/{program}"),
        shared("/api/programs/{program}"),
        COORDINATORS_READ,
    ),
    Endpoint(
        "POST participants",
        "POST",
        shared("/api/participants", {"name": "Eko"}),
        shared("/api/participants", {"name": "Eko"}),
        STAFF_CREATES,
    ),
    Endpoint(
        "GET participant (the mentee)",
        "GET",
        shared("/api/participants/{mentee}"),
        shared("/api/participants/{mentee}"),
        PERSONAL_READ,
    ),
    Endpoint(
        "POST enrollments",
        "POST",
        new_enrolment,
        shared("/api/programs/{program}/enrollments", {"participant_id": "x", "roles": ["peer"]}),
        expect(coordinator=201, admin=201),
    ),
    Endpoint(
        "POST relationships",
        "POST",
        new_request,
        shared("/api/relationships", {"program_id": "x"}),
        # the mentor asking themselves, and a peer asking for mentoring, break rules: 409
        expect(mentor=409, mentee=201, non_party=409),
    ),
    Endpoint(
        "POST accept",
        "POST",
        fresh("requested", "accept", {}),
        shared(REL + "/accept", {}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST decline",
        "POST",
        fresh("requested", "decline", {"reason": "Too busy."}),
        shared(REL + "/decline", {"reason": "Too busy."}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST withdraw",
        "POST",
        fresh("requested", "withdraw", {"reason": "Found another mentor."}),
        shared(REL + "/withdraw", {}),
        one_party(mentor=403, mentee=200),
    ),
    Endpoint(
        "POST boundaries",
        "POST",
        fresh("active", "boundaries", BOUNDARIES),
        shared(REL + "/boundaries", BOUNDARIES),
        parties(),
    ),
    Endpoint(
        "POST boundaries/agree",
        "POST",
        fresh("active", "boundaries/agree", {}, proposed("boundaries", BOUNDARIES)),
        shared(REL + "/boundaries/agree", {}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST goals",
        "POST",
        fresh("active", "goals", {"text": "Speak at a meetup"}),
        shared(REL + "/goals", {"text": "Speak at a meetup"}),
        parties(),
    ),
    Endpoint(
        "POST goals/achieve",
        "POST",
        fresh("active", "goals/{goal}/achieve", {"note": "Done."}, with_goal),
        shared(REL + "/goals/{goal}/achieve", {}),
        parties(),
    ),
    Endpoint(
        "POST meetings",
        "POST",
        fresh("active", "meetings", _meeting()),
        shared(REL + "/meetings", _meeting()),
        parties(201),
    ),
    Endpoint(
        "POST meetings/agenda",
        "POST",
        fresh("active", "meetings/{meeting}/agenda", AGENDA, with_meeting),
        shared(REL + "/meetings/{meeting}/agenda", AGENDA),
        one_party(mentor=403, mentee=200),
    ),
    Endpoint(
        "POST meetings/held",
        "POST",
        fresh("active", "meetings/{meeting}/held", HELD, with_meeting),
        shared(REL + "/meetings/{meeting}/held", HELD),
        parties(),
    ),
    Endpoint(
        "POST meetings/cancel",
        "POST",
        fresh("active", "meetings/{meeting}/cancel", {"reason": "A clash."}, with_meeting),
        shared(REL + "/meetings/{meeting}/cancel", {"reason": "A clash."}),
        parties(),
    ),
    Endpoint(
        "POST feedback",
        "POST",
        fresh("active", "feedback", FEEDBACK),
        shared(REL + "/feedback", FEEDBACK),
        parties(),
    ),
    Endpoint(
        "POST mode",
        "POST",
        fresh("active", "mode", {"mode": "peer"}),
        shared(REL + "/mode", {"mode": "peer"}),
        parties(),
    ),
    Endpoint(
        "POST mode/agree",
        "POST",
        fresh("active", "mode/agree", {}, proposed("mode", {"mode": "peer"})),
        shared(REL + "/mode/agree", {}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST pause",
        "POST",
        fresh("active", "pause", {"reason": "On leave."}),
        shared(REL + "/pause", {"reason": "On leave."}),
        parties_and_coordinators(),
    ),
    Endpoint(
        "POST resume",
        "POST",
        fresh("paused", "resume", {}),
        shared(REL + "/resume", {}),
        parties_and_coordinators(),
    ),
    Endpoint(
        "POST conclude",
        "POST",
        fresh("active", "conclude", CONCLUDE),
        shared(REL + "/conclude", CONCLUDE),
        parties_and_coordinators(),
    ),
    Endpoint(
        "GET relationship",
        "GET",
        shared(REL),
        shared(REL),
        parties_and_coordinators(),
    ),
    Endpoint(
        "GET history",
        "GET",
        shared(REL + "/history"),
        shared(REL + "/history"),
        HISTORY_READ,
    ),
    Endpoint(
        "GET history/verification",
        "GET",
        shared(REL + "/history/verification"),
        shared(REL + "/history/verification"),
        HISTORY_READ,
    ),
    Endpoint(
        "GET relationships list",
        "GET",
        shared("/api/relationships?program_id={program}"),
        shared("/api/relationships?program_id={program}"),
        # participants see their own (none, for the non-party); a programme filter for another
        # programme's coordinator is refused
        expect(mentor=200, mentee=200, non_party=200, coordinator=200, admin=200),
    ),
    Endpoint(
        "GET program status",
        "GET",
        shared("/api/programs/{program}/status"),
        shared("/api/programs/{program}/status"),
        COORDINATORS_READ,
    ),
    Endpoint(
        "GET audit/events",
        "GET",
        shared("/api/audit/events"),
        shared("/api/audit/events"),
        expect(auditor=200, admin=200),
    ),
    Endpoint(
        "GET lineage (the mentee)",
        "GET",
        shared("/api/participants/{mentee}/lineage"),
        shared("/api/participants/{mentee}/lineage"),
        PERSONAL_READ,
    ),
]


# A party's successful answer here shows the private text written (the request's message at
# least): the control that the private text the other rows look for is really there.
REVEALING = {
    e.label
    for e in ENDPOINTS
    if e.label.startswith("POST ")
    and e.label not in ("POST programs", "POST participants", "POST enrollments", "POST meetings")
} | {"GET relationship", "GET history"}


# ---------------------------------------------------------------------------------------------
# Tokens


def identity_token(world: World, caller: str, call: Call) -> str:
    return {
        MENTOR: call.mentor.token,
        MENTEE: call.mentee.token,
        NON_PARTY: world.citra.token,
        COORDINATOR: world.coordinator,
        OTHER_COORDINATOR: world.other_coordinator,
        AUDITOR: world.auditor,
        ADMIN: world.admin,
    }[caller]


def bad_token(api: ApiClient, caller: str) -> str | None:
    """A token that is not valid, for a caller who would otherwise be an admin."""
    exp = datetime.now(UTC) + timedelta(hours=1)
    claims: dict[str, Any] = {"sub": "admin-ivo", "roles": ["admin"], "exp": exp}
    without = {
        "token missing sub": "sub",
        "token missing exp": "exp",
        "token missing roles": "roles",
    }
    if caller == "no token":
        return None
    if caller == "expired token":
        return api.token("admin-ivo", ["admin"], expires_in=timedelta(minutes=-5))
    if caller == "token signed with another key":
        return api.token("admin-ivo", ["admin"], key="another-key-that-is-at-least-32-bytes-long")
    if caller == "alg none token":
        return jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]
    claims.pop(without[caller])
    return jwt.encode(claims, api.secret, algorithm="HS256")


# ---------------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Row:
    endpoint: Endpoint
    caller: str
    status: int

    @property
    def id(self) -> str:
        return f"{self.endpoint.label} as {self.caller} -> {self.status}"


# Where the implementation answers otherwise and API.md clearly says what it should be.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def rows() -> list[Any]:
    table: list[Any] = []
    for endpoint in ENDPOINTS:
        callers = [(c, endpoint.expected[c]) for c in IDENTITIES] + [(c, 401) for c in BAD_TOKENS]
        for caller, status in callers:
            row = Row(endpoint, caller, status)
            bug = KNOWN_BUGS.get((endpoint.label, caller))
            marks = [pytest.mark.xfail(strict=True, reason=BUG + bug)] if bug else []
            table.append(pytest.param(row, id=row.id, marks=marks))
    return table


ROWS = rows()


@pytest.mark.parametrize("row", ROWS)
def test_who_may_call_what(world: World, row: Row) -> None:
    endpoint, caller = row.endpoint, row.caller
    if caller in BAD_TOKENS:
        call = endpoint.refused(world)
        token = bad_token(world.api, caller)
    else:
        call = endpoint.prepare(world)
        token = identity_token(world, caller, call)

    body = call.body if endpoint.method == "POST" else None
    answer = world.api.request(endpoint.method, call.path, token=token, json_body=body)

    check(answer, row)
    shown = json.dumps(answer.body, default=str)
    if caller not in (MENTOR, MENTEE):
        assert PRIVATE not in shown, f"private text shown to {caller}: {shown[:800]}"
    elif endpoint.label in REVEALING and row.status < 400:
        assert PRIVATE in shown, "the parties should see their private text: is it written?"


def check(answer: ApiResponse, row: Row) -> None:
    if row.status >= 400:
        assert_problem(answer, row.status)
        if row.status == 401:
            assert answer.headers.get("www-authenticate", "").startswith("Bearer"), answer.headers
    else:
        must(answer, row.status)
        assert not answer.content_type.startswith("application/problem+json"), answer.headers
