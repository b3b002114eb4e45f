"""Liveness, readiness and the OpenAPI document: open to all, no token needed."""

from __future__ import annotations

import re
from typing import Any

from tests.support.api import ApiClient

# Every path and method of API.md, but the list and programme-status reads, which come later.
CONTRACT = {
    ("post", "/api/programs"),
    ("get", "/api/programs/{}"),
    ("post", "/api/participants"),
    ("get", "/api/participants/{}"),
    ("post", "/api/programs/{}/enrollments"),
    ("post", "/api/relationships"),
    ("get", "/api/relationships/{}"),
    ("get", "/api/relationships/{}/history"),
    *(
        ("post", f"/api/relationships/{{}}/{command}")
        for command in (
            "accept",
            "decline",
            "withdraw",
            "boundaries",
            "boundaries/agree",
            "goals",
            "goals/{}/achieve",
            "meetings",
            "meetings/{}/agenda",
            "meetings/{}/held",
            "meetings/{}/cancel",
            "feedback",
            "mode",
            "mode/agree",
            "pause",
            "resume",
            "conclude",
        )
    ),
    ("get", "/healthz"),
    ("get", "/readyz"),
}
METHODS = {"get", "post", "put", "patch", "delete"}


def _lags(value: Any) -> list[Any]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if "lag" in k.lower()]
        return found + [lag for v in value.values() for lag in _lags(v)]
    return []


def test_healthz_answers_without_a_token(api: ApiClient) -> None:
    answer = api.get("/healthz")

    assert answer.status == 200


def test_readyz_answers_without_a_token_with_the_projections_lag(api: ApiClient) -> None:
    answer = api.get("/readyz")

    assert answer.status == 200
    assert all(isinstance(lag, int) and lag >= 0 for lag in _lags(answer.body)), answer.body


def test_the_openapi_document_answers_without_a_token_in_version_3_1(api: ApiClient) -> None:
    answer = api.get("/openapi.json")

    assert answer.status == 200
    assert answer.body["openapi"] == "3.1.0"
    assert answer.body["info"]["title"]


def test_the_openapi_document_documents_every_path_of_the_contract(api: ApiClient) -> None:
    document = api.get("/openapi.json").body

    documented = {
        (method, re.sub(r"\{[^}]+\}", "{}", path))
        for path, operations in document["paths"].items()
        for method in operations
        if method in METHODS
    }

    assert CONTRACT - documented == set()


def test_the_openapi_document_declares_bearer_tokens(api: ApiClient) -> None:
    document = api.get("/openapi.json").body

    schemes = document["components"]["securitySchemes"].values()

    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes)
    assert document["paths"]["/healthz"]["get"].get("security") == []


def test_the_openapi_document_documents_problems_for_commands(api: ApiClient) -> None:
    document = api.get("/openapi.json").body

    responses = document["paths"]["/api/relationships"]["post"]["responses"]

    assert {"201", "401", "403", "409", "422"} <= set(responses)
