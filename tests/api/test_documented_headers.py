"""The OpenAPI document names every header of the contract, for clients and fuzzers to know."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.api import ApiClient

COMMAND_METHODS = {"post", "put", "patch", "delete"}
# Posted, but recording nothing: a question too long for a query string, not a command.
QUESTIONS = {("/api/programs/{program_id}/backtests", "post")}
HEADERS_OF_RELATIONSHIP_STATE = [
    ("/api/relationships", "post", "201"),
    ("/api/relationships/{relationship_id}", "get", "200"),
    ("/api/relationships/{relationship_id}/accept", "post", "200"),
    ("/api/relationships/{relationship_id}/goals", "post", "200"),
    ("/api/relationships/{relationship_id}/meetings", "post", "201"),
    ("/api/relationships/{relationship_id}/conclude", "post", "200"),
]


@pytest.fixture
def document(api: ApiClient) -> Any:
    return api.get("/openapi.json").body


def _resolved(document: Any, response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        resolved: dict[str, Any] = document["components"]["responses"][name]
        return resolved
    return response


def _commands(document: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in operations.items()
        if method in COMMAND_METHODS and (path, method) not in QUESTIONS
    ]


def test_every_command_takes_if_match_and_idempotency_key_headers(document: Any) -> None:
    missing = [
        (method, path)
        for path, method, operation in _commands(document)
        if {("header", "If-Match"), ("header", "Idempotency-Key")}
        - {(p["in"], p["name"]) for p in operation.get("parameters", [])}
    ]

    assert _commands(document)
    assert missing == []


@pytest.mark.parametrize(("path", "method", "status"), HEADERS_OF_RELATIONSHIP_STATE)
def test_every_answer_with_a_relationships_state_documents_its_etag(
    document: Any, path: str, method: str, status: str
) -> None:
    response = document["paths"][path][method]["responses"][status]

    assert response["headers"]["ETag"]["required"] is True


def test_a_new_relationship_documents_its_location(document: Any) -> None:
    response = document["paths"]["/api/relationships"]["post"]["responses"]["201"]

    assert response["headers"]["Location"]["required"] is True


@pytest.mark.parametrize(
    ("status", "header"), [("401", "WWW-Authenticate"), ("503", "Retry-After")]
)
def test_every_answer_of_a_status_documents_the_header_that_comes_with_it(
    document: Any, status: str, header: str
) -> None:
    answers = [
        _resolved(document, operation["responses"][status])
        for operations in document["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict) and status in operation.get("responses", {})
    ]

    assert answers
    assert all(answer["headers"][header]["required"] is True for answer in answers)


def test_a_conflict_documents_the_retry_after_of_a_lost_race(document: Any) -> None:
    conflict = _resolved(document, document["components"]["responses"]["CONFLICT"])

    assert "Retry-After" in conflict["headers"]
