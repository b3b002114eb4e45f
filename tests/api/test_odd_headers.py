"""If-Match and Idempotency-Key, however odd: a clear 400, 412 or 422, never a 5xx.

If-Match takes `*` or a list of entity tags (RFC 9110); ours are `"<version>"` and are compared
strongly, so a weak tag or a tag of another form matches nothing. Commands that create have no
version yet: only `*` holds there.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.http_world import Programme, Relationship

GOAL = {"text": "Run a retro"}


def _recorded(relationship: Relationship) -> tuple[int, int]:
    """The relationship's version and the length of its history."""
    events = must(relationship.history(relationship.requester.token))["events"]
    return relationship.state()["version"], len(events)


def _add_goal(programme: Programme, relationship: Relationship, **headers: str) -> Any:
    return relationship.command(programme.budi.token, "goals", GOAL, headers=headers)


@pytest.mark.parametrize(
    "if_match",
    ["", " , ", "2", "abc", '"2', 'W/"', "W/2", '"2" "3"', '"2";', '"a b"', '"a\x01"', '*, "2"'],
)
def test_a_malformed_if_match_is_refused_with_400_and_records_nothing(
    programme: Programme, if_match: str
) -> None:
    relationship = programme.mentoring("active")

    answer = _add_goal(programme, relationship, **{"If-Match": if_match})

    assert "If-Match" in assert_problem(answer, 400)["detail"]
    assert _recorded(relationship) == (2, 2)


@pytest.mark.parametrize(
    "if_match", ['""', 'W/""', '"²"', 'W/"2"', '"02"', '"+2"', '"two"', '"1" , "3"', f'"{10**30}"']
)
def test_an_entity_tag_that_is_not_the_current_version_matches_nothing(
    programme: Programme, if_match: str
) -> None:
    relationship = programme.mentoring("active")

    answer = _add_goal(programme, relationship, **{"If-Match": if_match})

    assert_problem(answer, 412)
    assert _recorded(relationship) == (2, 2)


@pytest.mark.parametrize("if_match", ["*", '"2"', '"1", "2"', ' W/"2" ,"2"', '"2",,'])
def test_if_match_holds_for_star_or_any_listed_current_version(
    programme: Programme, if_match: str
) -> None:
    relationship = programme.mentoring("active")

    answer = _add_goal(programme, relationship, **{"If-Match": if_match})

    assert must(answer)["version"] == 3
    assert _recorded(relationship) == (3, 3)


@pytest.mark.parametrize(("if_match", "status"), [("*", 201), ('"1"', 412), ('""', 412)])
def test_a_command_that_creates_holds_only_for_if_match_star(
    programme: Programme, if_match: str, status: int
) -> None:
    api = programme.api

    answer = api.post(
        "/api/programs",
        {"name": "Evening Class"},
        token=programme.coordinator,
        headers={"If-Match": if_match},
    )

    assert answer.status == status, answer.body
    if status == 412:
        assert_problem(answer, 412)


@pytest.mark.parametrize(
    "key", ["", "a" * 201, "caf\u00e9", "tab\there", "line\x01feed", "nul\x00", "del\x7f"]
)
def test_an_idempotency_key_that_is_not_1_to_200_printable_ascii_characters_is_refused(
    programme: Programme, key: str
) -> None:
    relationship = programme.mentoring("active")

    answer = _add_goal(programme, relationship, **{"Idempotency-Key": key})

    assert list(assert_problem(answer, 422)["errors"]) == ["Idempotency-Key"]
    assert _recorded(relationship) == (2, 2)


def test_an_idempotency_key_of_200_printable_characters_with_spaces_is_taken(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    key = ("attempt #1 of ~goal/{x}" * 10)[:200]

    first = _add_goal(programme, relationship, **{"Idempotency-Key": key})
    again = _add_goal(programme, relationship, **{"Idempotency-Key": key})

    assert (again.status, again.body) == (200, must(first))
    assert _recorded(relationship) == (3, 3)
