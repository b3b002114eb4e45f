"""Who is calling: 401 without a valid bearer token, 403 for a role the endpoint does not allow."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import jwt
import pytest

import web.auth
from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.http_world import Programme

FAR_FUTURE = 4_102_444_800  # 2100-01-01


def _unsigned(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _signed(api: ApiClient, claims: dict[str, Any]) -> str:
    return jwt.encode(claims, api.secret, algorithm="HS256")


INVALID_TOKENS: dict[str, Callable[[ApiClient], str]] = {
    "malformed": lambda api: "not-a-jwt",
    "expired": lambda api: api.token("coordinator-x", ["coordinator"], expires_in=-timedelta(1)),
    "forged": lambda api: api.token(
        "coordinator-x", ["coordinator"], key="some-other-key-that-is-long-enough-32b"
    ),
    "alg none": lambda api: _unsigned(
        {"sub": "coordinator-x", "roles": ["coordinator"], "exp": FAR_FUTURE}
    ),
    "missing exp": lambda api: _signed(api, {"sub": "coordinator-x", "roles": ["coordinator"]}),
    "missing roles": lambda api: _signed(api, {"sub": "coordinator-x", "exp": FAR_FUTURE}),
    "missing sub": lambda api: _signed(api, {"roles": ["coordinator"], "exp": FAR_FUTURE}),
    "empty roles": lambda api: api.token("coordinator-x", []),
    "roles not a list": lambda api: _signed(
        api, {"sub": "coordinator-x", "roles": "coordinator", "exp": FAR_FUTURE}
    ),
}


def _assert_unauthorized(answer: Any) -> None:
    assert_problem(answer, 401)
    assert answer.headers["www-authenticate"].lower().startswith("bearer")


def test_a_request_without_a_token_is_unauthorized(api: ApiClient) -> None:
    answer = api.post("/api/programs", {"name": "Night School"})

    _assert_unauthorized(answer)


@pytest.mark.parametrize(
    "header", ["Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer ", "Token abc.def.ghi"]
)
def test_an_authorization_header_that_is_not_a_bearer_token_is_unauthorized(
    api: ApiClient, header: str
) -> None:
    answer = api.post("/api/programs", {"name": "Night School"}, headers={"Authorization": header})

    _assert_unauthorized(answer)


@pytest.mark.parametrize("kind", sorted(INVALID_TOKENS))
def test_an_invalid_token_is_unauthorized(api: ApiClient, kind: str) -> None:
    token = INVALID_TOKENS[kind](api)

    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    _assert_unauthorized(answer)


@pytest.mark.parametrize("kind", ["expired", "forged", "alg none"])
def test_reads_also_refuse_an_invalid_token(programme: Programme, kind: str) -> None:
    relationship = programme.mentoring("active")
    token = INVALID_TOKENS[kind](programme.api)

    answer = relationship.read(token)

    _assert_unauthorized(answer)


@pytest.mark.parametrize("roles", [[["participant"]], [{"role": "participant"}]])
def test_a_token_whose_roles_are_not_strings_is_unauthorized(
    api: ApiClient, roles: list[Any]
) -> None:
    token = _signed(api, {"sub": "coordinator-x", "roles": roles, "exp": FAR_FUTURE})

    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    _assert_unauthorized(answer)


def test_a_valid_token_is_accepted(api: ApiClient) -> None:
    token = api.token("coordinator-x", ["coordinator"])

    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    must(answer, 201)


def test_a_token_accepted_before_it_expired_is_refused_once_it_has(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = api.token("coordinator-x", ["coordinator"], expires_in=timedelta(minutes=5))
    must(api.post("/api/programs", {"name": "Night School"}, token=token), 201)

    later = time.time() + 6 * 60
    monkeypatch.setattr(web.auth.time, "time", lambda: later)
    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    _assert_unauthorized(answer)


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("participant", "POST", "/api/programs"),
        ("auditor", "POST", "/api/programs"),
        ("participant", "POST", "/api/participants"),
        ("auditor", "POST", "/api/participants"),
        ("participant", "POST", "/api/programs/{program}/enrollments"),
        ("participant", "GET", "/api/programs/{program}"),
        ("auditor", "GET", "/api/programs/{program}"),
        ("coordinator", "POST", "/api/relationships"),
        ("admin", "POST", "/api/relationships"),
        ("auditor", "GET", "/api/relationships/{relationship}"),
        ("coordinator", "GET", "/api/relationships/{relationship}/history"),
        ("coordinator", "POST", "/api/relationships/{relationship}/accept"),
        ("auditor", "POST", "/api/relationships/{relationship}/pause"),
        ("coordinator", "POST", "/api/relationships/{relationship}/goals"),
        ("admin", "POST", "/api/relationships/{relationship}/meetings"),
    ],
)
def test_a_role_the_endpoint_does_not_allow_is_forbidden(
    programme: Programme, role: str, method: str, path: str
) -> None:
    relationship = programme.mentoring("active")
    url = path.format(program=programme.id, relationship=relationship.id)
    token = programme.api.token(programme.coordinator_sub, [role])

    answer = programme.api.request(
        method, url, token=token, json_body={} if method == "POST" else None
    )

    assert_problem(answer, 403)
