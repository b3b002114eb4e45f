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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest

from services.store import Store
from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient, ApiResponse, FlaskTransport, HttpTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.authorisation_cases import (
    ADMIN,
    AUDITOR,
    BAD_TOKENS,
    COORDINATOR,
    ENDPOINTS,
    IDENTITIES,
    MENTEE,
    MENTOR,
    NON_PARTY,
    OTHER_COORDINATOR,
    REVEALING,
    Endpoint,
)
from tests.support.authorisation_world import (
    AGENDA,
    BOUNDARIES,
    BUG,
    FEEDBACK,
    HELD,
    PRIVATE,
    Call,
    World,
    _meeting,
)
from tests.support.http_world import graduate_engineers


def _store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        yield Store.sqlite(data_dir)
        return
    server = request.getfixturevalue("postgres_server")
    store = server.store(data_dir, pool_size=2, max_overflow=4)
    yield store
    server.drop_schema(store.schema)


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
    stores = _store(request, tmp_path_factory.mktemp("authorisation") / "data")
    flask_app = app_for_tests(next(stores), TEST_SECRET)
    yield ApiClient(FlaskTransport(flask_app), TEST_SECRET)
    flask_app.extensions["services"].close()
    next(stores, None)


@pytest.fixture(scope="module")
def world(client: ApiClient) -> World:
    world = World(graduate_engineers(client))
    # One relationship holding every kind of private text, for the reads.
    rid = world.ask(world.programme.budi, world.programme.ana)
    world.act(world.programme.ana.token, rid, "accept")
    world.act(world.programme.budi.token, rid, "boundaries", BOUNDARIES)
    world.act(world.programme.ana.token, rid, "boundaries/agree")
    meeting = world.act(world.programme.budi.token, rid, "meetings", _meeting())["id"]
    world.act(world.programme.budi.token, rid, f"meetings/{meeting}/agenda", AGENDA)
    world.act(world.programme.ana.token, rid, f"meetings/{meeting}/held", HELD)
    world.act(world.programme.ana.token, rid, "feedback", FEEDBACK)
    state = world.act(world.programme.budi.token, rid, "feedback", FEEDBACK)
    world.shared_id = rid
    world.shared_meeting = meeting
    world.shared_goal = state["goals"][0]["id"]
    return world


# Tokens


def identity_token(world: World, caller: str, call: Call) -> str:
    return {
        MENTOR: call.mentor.token,
        MENTEE: call.mentee.token,
        NON_PARTY: world.programme.citra.token,
        COORDINATOR: world.programme.coordinator,
        OTHER_COORDINATOR: world.programme.other_coordinator,
        AUDITOR: world.programme.auditor,
        ADMIN: world.programme.admin,
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
        token = bad_token(world.programme.api, caller)
    else:
        call = endpoint.prepare(world)
        token = identity_token(world, caller, call)

    body = call.body if endpoint.method == "POST" else None
    answer = world.programme.api.request(endpoint.method, call.path, token=token, json_body=body)

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
