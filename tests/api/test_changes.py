"""What changed in a relationship between two moments: the events in between and each field of
its state before and after, for whoever may read its state, private text as the state shows it."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiResponse
from tests.support.app import ONE_STORE
from tests.support.http_world import REQUEST_MESSAGE, Programme, Relationship
from tests.support.view_reads import SECRET


def changes(relationship: Relationship, token: str, **query: Any) -> ApiResponse:
    path = f"/api/relationships/{relationship.id}/changes?{urlencode(query)}"
    return relationship.api.get(path, token=token)


def agreed_weekly(programme: Programme) -> Relationship:
    """Budi and Ana, active (version 2), then weekly boundaries proposed and agreed (4)."""
    relationship = programme.mentoring("active")
    boundaries = {
        "meeting_every_days": 7,
        "channel": "video",
        "confidential_topics": [f"{SECRET} salary"],
    }
    must(relationship.command(programme.budi.token, "boundaries", boundaries))
    must(relationship.command(programme.ana.token, "boundaries/agree", {}))
    return relationship


def test_the_changes_between_two_versions_are_the_events_and_the_fields_they_moved(
    programme: Programme,
) -> None:
    relationship = agreed_weekly(programme)

    answer = must(changes(relationship, programme.budi.token, **{"from": 2, "to": 4}))

    assert (answer["from_version"], answer["to_version"]) == (2, 4)
    assert [event["type"] for event in answer["events"]] == [
        "BoundariesProposed",
        "BoundariesAgreed",
    ]
    assert set(answer["changed"]) == {"boundaries"}
    in_force = answer["changed"]["boundaries"]["after"]["in_force"]
    assert answer["changed"]["boundaries"]["before"]["in_force"] is None
    assert (in_force["meeting_every_days"], in_force["confidential_topics"]) == (
        7,
        [f"{SECRET} salary"],
    )


def test_moments_may_be_times_and_to_defaults_to_now(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    accepted_at = relationship.state()["updated_at"]
    must(relationship.command(programme.budi.token, "goals", {"text": "Present at the guild"}))

    answer = must(changes(relationship, programme.ana.token, **{"from": accepted_at}))

    assert (answer["from_version"], answer["to_version"]) == (2, 3)
    assert [event["type"] for event in answer["events"]] == ["GoalAdded"]
    assert len(answer["changed"]["goals"]["after"]) == 2


def test_from_before_it_existed_every_field_was_null(programme: Programme) -> None:
    relationship = programme.mentoring("requested")

    answer = must(changes(relationship, programme.budi.token, **{"from": 0}))

    assert (answer["from_version"], answer["to_version"]) == (0, 1)
    assert answer["changed"]["status"] == {"before": None, "after": "requested"}
    assert answer["changed"]["message"] == {"before": None, "after": REQUEST_MESSAGE}


def test_a_coordinator_sees_the_changes_without_private_text(programme: Programme) -> None:
    relationship = agreed_weekly(programme)

    answer = must(changes(relationship, programme.coordinator, **{"from": 0}))

    assert SECRET not in json.dumps(answer) and REQUEST_MESSAGE not in json.dumps(answer)
    assert "[private]" in json.dumps(answer["events"])
    assert answer["changed"]["boundaries"]["after"]["in_force"]["confidential_topics"] is None


@ONE_STORE
def test_who_may_read_the_state_may_read_its_changes_and_nobody_else(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    expected = {
        programme.budi.token: 200,
        programme.ana.token: 200,
        programme.coordinator: 200,
        programme.admin: 200,
        programme.citra.token: 404,
        programme.other_coordinator: 403,
        programme.auditor: 403,
    }

    found = {token: changes(relationship, token, **{"from": 1}).status for token in expected}

    assert found == expected
    unknown = programme.api.get(
        f"/api/relationships/{uuid.uuid4()}/changes?from=1", token=programme.admin
    )
    assert_problem(unknown, 404)


@ONE_STORE
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-01-07T10:00:00"}, "from"),
        ({"from": "-1"}, "from"),
        ({"from": "99999999999"}, "from"),
        ({"from": 3, "to": 2}, "from"),
        ({"from": 1, "to": "soon"}, "to"),
        ({"from": 1, "since": 2}, "since"),
    ],
)
def test_a_moment_that_is_neither_a_version_nor_a_time_is_a_validation_failure(
    programme: Programme, query: dict[str, Any], field: str
) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "goals", {"text": "Present"}))

    answer = changes(relationship, programme.budi.token, **query)

    assert field in assert_problem(answer, 422)["errors"], answer.body


@ONE_STORE
def test_a_version_never_reached_is_not_found(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = changes(relationship, programme.budi.token, **{"from": 1, "to": 9})

    assert_problem(answer, 404)
