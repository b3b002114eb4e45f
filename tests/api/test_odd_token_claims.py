"""Correctly signed tokens whose claims have the wrong type, or hold text no store can keep: 401.

A claim like that must be refused at the door: a `sub` holding NUL once created a programme on
PostgreSQL, whose text cannot hold NUL, and stopped the projector at that event.
"""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient

FAR_FUTURE = 4_102_444_800  # 2100-01-01
GOOD = {"sub": "coordinator-odd", "roles": ["coordinator"], "exp": FAR_FUTURE}

ODD_CLAIMS: dict[str, dict[str, Any]] = {
    "exp as a string": {"exp": str(FAR_FUTURE)},
    "exp as a boolean": {"exp": True},
    "exp infinite": {"exp": float("inf")},
    "exp not a number": {"exp": float("nan")},
    "exp as a list": {"exp": [FAR_FUTURE]},
    "iat as a string": {"iat": "0"},
    "nbf as a string": {"nbf": "0"},
    "sub as a number": {"sub": 42},
    "sub empty": {"sub": ""},
    "sub with a lone surrogate": {"sub": "coordinator-\ud800"},
    "sub with NUL": {"sub": "coordinator-\x00-odd"},
    "sub with a control character": {"sub": "coordinator-\x1b[31m"},
    "sub with DEL": {"sub": "coordinator-\x7f"},
    "sub over 200 characters": {"sub": "c" * 201},
    "roles with an unknown role": {"roles": ["coordinator", "owner"]},
    "roles with a number": {"roles": ["coordinator", 1]},
    "roles with NUL": {"roles": ["coordinator\x00"]},
}


def _signed(api: ApiClient, **claims: Any) -> str:
    return jwt.encode({**GOOD, **claims}, api.secret, algorithm="HS256")


@pytest.mark.parametrize("odd", ODD_CLAIMS.values(), ids=ODD_CLAIMS.keys())
def test_a_signed_token_with_an_odd_claim_is_unauthorized_and_creates_nothing(
    api: ApiClient, odd: dict[str, Any]
) -> None:
    token = _signed(api, **odd)

    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    assert_problem(answer, 401)
    assert answer.headers["www-authenticate"].lower().startswith("bearer")


def test_a_signed_token_with_a_200_character_sub_and_numeric_times_is_taken(
    api: ApiClient,
) -> None:
    token = _signed(api, sub="c" * 200, iat=1_700_000_000.5, nbf=1_700_000_000)

    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    assert must(answer, 201)["coordinators"] == ["c" * 200]
