"""Schemathesis against the published contract: every operation, bounded and seeded.

The app runs in-process on a SQLite store, seeded through its own API with a programme, two
participants and an active relationship (with a goal and a meeting), so that generated requests
sometimes name things that exist. Two passes:

- with an admin bearer token on every request: no 5xx ever, and each answer has a documented
  status code, content type, headers and body schema;
- without a token: every request that reaches a protected endpoint answers 401, and every
  answer is application/problem+json and keeps the same checks.

Both are deterministic (fixed seed, derandomized): the coverage phase's boundary cases, plus
EXAMPLES_PER_OPERATION fuzzed ones per operation. Run with `-s` to see the requests by status.
The headers the document names are generated too: If-Match and Idempotency-Key on commands.

Known gaps of the contract are excluded per (operation, check) in KNOWN_GAPS below, each with the
request that shows it, so that everything else keeps being checked.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.exceptions import MethodNotAllowed, NotFound

import services.coordination
from services.store import Store
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import app_for_tests
from web.auth import mint_token

SECRET = "fuzzing-secret-key-for-tandem-at-least-32-bytes"
SEED = 20_240_601
EXAMPLES_PER_OPERATION = 6
PROBLEM_JSON = "application/problem+json"

Check = Callable[..., Any]
OperationCase = Case[Any]  # Case is generic in the kind of operation


def no_server_error(ctx: CheckContext, response: Response, case: OperationCase) -> bool | None:
    """No 5xx, except the documented 503 for `?after=` a log position the views have not reached.

    That 503 (problem type /problems/unavailable, with Retry-After) is the designed answer of the
    read views to a position of the log they do not reach within the wait (one beyond it: 422).
    """
    if response.status_code == 503 and "after" in (case.query or {}):
        assert response.json()["type"] == "/problems/unavailable", response.text
        assert response.headers.get("retry-after"), response.headers
        return None
    return not_a_server_error(ctx, response, case)


CONTRACT_CHECKS: tuple[Check, ...] = (
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

# Known gaps of the contract, per operation: none left (the JSON and CSV/NDJSON answers of the
# list, the history and the audit trail are all documented now). Add entries only with the request
# that shows the gap.
KNOWN_GAPS: dict[str, tuple[Check, ...]] = {}

# What a request that reaches no endpoint may be answered, with or without a token.
NOT_ROUTED = frozenset({400, 404, 405, 413, 415, 422})

# Operations that are public on purpose: the no-token pass does not expect 401 from them.
PUBLIC = ("/healthz", "/readyz", "/docs/assets/{filename}")


def _must(answer: Any, status: int) -> Any:
    assert answer.status == status, (answer.status, answer.body)
    return answer.body


def _seed(api: ApiClient, admin: str) -> dict[str, str]:
    """Creates what generated requests may name, by the path parameter that addresses it."""
    program_id = _must(api.post("/api/programs", {"name": "Fuzzed Programme"}, token=admin), 201)[
        "id"
    ]

    def enrolled(name: str, role: str) -> tuple[str, str]:
        body = {"name": name, "email": f"{name.lower()}@example.org", "expertise": ["Python"]}
        participant_id = _must(api.post("/api/participants", body, token=admin), 201)["id"]
        enrolment = {"participant_id": participant_id, "roles": [role]}
        _must(api.post(f"/api/programs/{program_id}/enrollments", enrolment, token=admin), 201)
        return participant_id, api.token(participant_id, ["participant"])

    mentor_id, mentor = enrolled("Ana", "mentor")
    _, mentee = enrolled("Budi", "mentee")
    asked = {
        "program_id": program_id,
        "invitee_id": mentor_id,
        "kind": "mentoring",
        "goals": ["Lead a design review"],
        "message": "I would like help growing into a tech lead.",
    }
    relationship = _must(api.post("/api/relationships", asked, token=mentee), 201)
    path = f"/api/relationships/{relationship['id']}"
    _must(api.post(f"{path}/accept", {}, token=mentor), 200)
    meeting = {"scheduled_for": "2031-01-06T10:00:00Z", "duration_minutes": 45, "mode": "video"}
    meeting_id = _must(api.post(f"{path}/meetings", meeting, token=mentee), 201)["id"]
    return {
        "program_id": program_id,
        "participant_id": mentor_id,
        "relationship_id": relationship["id"],
        "goal_id": relationship["goals"][0]["id"],
        "meeting_id": meeting_id,
    }


def _published_contract() -> dict[str, Any]:
    """The OpenAPI document as the app serves it, read from a throwaway app at collection.

    (`schemathesis.pytest.from_fixture` would build it from a fixture instead, but its lazy
    loader uses `Node._nodeid`, which pytest 9.2 no longer has.)
    """
    with tempfile.TemporaryDirectory() as data_dir:
        throwaway = app_for_tests(Store.sqlite(Path(data_dir) / "data"), SECRET)
        try:
            answer = throwaway.test_client().get("/openapi.json")
            assert answer.status_code == 200, answer.status_code
            document: dict[str, Any] = answer.get_json()
        finally:
            throwaway.extensions["services"].close()
    return document


# Filled by the `seeded` fixture before any case is generated: path parameter name -> id.
SEEDED_IDS: dict[str, str] = {}

schema = schemathesis.openapi.from_dict(
    _published_contract(),
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True},
            "phases": {"stateful": {"enabled": False}},
        }
    ),
)


@schema.hook
def flatmap_path_parameters(
    context: schemathesis.HookContext, path_parameters: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any] | None]:
    """Each known path parameter is either the seeded thing or the generated value."""
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([SEEDED_IDS[name], value])
            if name in SEEDED_IDS and isinstance(value, str)
            else st.just(value)
            for name, value in path_parameters.items()
        }
    )


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    # `?after=N` waits up to 5 s for the views to reach a position of the log; wait only briefly:
    # a 503 answer is still produced and checked, without the 5 s each time.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.coordination, "WAIT_SECONDS", 0.01)
        flask_app = app_for_tests(Store.sqlite(tmp_path_factory.mktemp("fuzzing") / "data"), SECRET)
        yield flask_app
        flask_app.extensions["services"].close()


@pytest.fixture(scope="module")
def admin_token() -> str:
    return mint_token(SECRET, "admin-fuzzer", ["admin"], timedelta(hours=1))


@pytest.fixture(scope="module")
def seeded(fuzzed_app: Any, admin_token: str) -> Iterator[None]:
    SEEDED_IDS.update(_seed(ApiClient(FlaskTransport(fuzzed_app), SECRET), admin_token))
    yield
    SEEDED_IDS.clear()


@pytest.fixture(scope="module")
def answers() -> Iterator[Counter[tuple[str, int]]]:
    """How many requests each pass sent, by status answered: shown with `pytest -s`."""
    counter: Counter[tuple[str, int]] = Counter()
    yield counter
    for name in sorted({name for name, _ in counter}):
        statuses = {status: n for (pass_, status), n in sorted(counter.items()) if pass_ == name}
        print(f"\nschemathesis, {name}: {sum(statuses.values())} requests, by status {statuses}")


def _reaches_an_endpoint(app: Any, case: OperationCase) -> bool:
    """Whether Flask routes the request to a view (and so asks for a token).

    The coverage phase also sends paths whose parameters no route takes (a non-UUID id: 404)
    and methods a path does not have (405). Those are answered without asking for a token, and
    a body that fails the JSON checks is answered 400/413/415/422 first, since Flask runs the
    before-request checks before it raises the routing error.
    """
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(unquote(case.formatted_path), method=case.method.upper())
    except (NotFound, MethodNotAllowed):
        return False
    return True


REQUESTS = itertools.count(1)


def _a_key_of_its_own(case: OperationCase) -> None:
    """Each request's generated Idempotency-Key, made its own as a client's would be: the
    coverage phase sends one key with every body, and a key reused with another body is
    answered 422 before the request reaches anything else (the contract, tested elsewhere)."""
    if "Idempotency-Key" in (case.headers or {}):
        case.headers["Idempotency-Key"] += f"-{next(REQUESTS)}"


SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)


@schema.parametrize()
@SETTINGS
@pytest.mark.usefixtures("seeded")
def test_every_operation_keeps_its_contract(
    case: OperationCase, fuzzed_app: Any, admin_token: str, answers: Counter[tuple[str, int]]
) -> None:
    _a_key_of_its_own(case)
    excluded = KNOWN_GAPS.get(case.operation.label, ())
    answer = case.call_and_validate(
        app=fuzzed_app,
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[check for check in CONTRACT_CHECKS if check not in excluded],
    )
    answers["with an admin token", answer.status_code] += 1


@schema.exclude(path=list(PUBLIC)).parametrize()
@SETTINGS
@pytest.mark.usefixtures("seeded")
def test_without_a_token_every_endpoint_answers_401(
    case: OperationCase, fuzzed_app: Any, answers: Counter[tuple[str, int]]
) -> None:
    case.headers.pop("Authorization", None)
    answer = case.call(app=fuzzed_app)
    answers["without a token", answer.status_code] += 1
    shown = (case.as_curl_command(), answer.status_code, answer.text)
    if _reaches_an_endpoint(fuzzed_app, case):
        assert answer.status_code == 401, shown
    else:
        assert answer.status_code in NOT_ROUTED, shown
    assert answer.headers.get("content-type", [""])[0].startswith(PROBLEM_JSON), answer.headers
    case.validate_response(answer, checks=list(CONTRACT_CHECKS))
