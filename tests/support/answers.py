"""Tandem's answers as API.md fixes them: the body of a success, or an RFC 9457 problem."""

from __future__ import annotations

import json
from typing import Any

from tests.support.api import ApiResponse

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
