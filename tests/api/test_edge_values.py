"""Values at the edges of what JSON, dates and storage can hold: refused, never a server error."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support.answers import assert_problem
from tests.support.http_world import Programme

EDGE_OF_TIME = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


@pytest.mark.parametrize("value", ["1e400", "Infinity", "NaN", "-Infinity"])
def test_a_number_json_cannot_hold_as_an_integer_is_a_validation_failure(
    programme: Programme, value: str
) -> None:
    relationship = programme.mentoring("active")
    body = (
        f'{{"scheduled_for": "2030-01-07T10:00:00Z", "duration_minutes": {value}, "mode": "video"}}'
    )

    answer = programme.api.request(
        "POST",
        f"{relationship.path}/meetings",
        token=programme.budi.token,
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )

    assert_problem(answer, 422)


def test_a_number_with_more_digits_than_python_parses_is_a_bad_request(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    body = f'{{"meeting_every_days": {"9" * 5000}, "channel": "video", "confidential_topics": []}}'

    answer = programme.api.request(
        "POST",
        f"{relationship.path}/boundaries",
        token=programme.budi.token,
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )

    assert answer.status in (400, 422)
    assert_problem(answer, answer.status)


@pytest.mark.parametrize("moment", EDGE_OF_TIME)
def test_a_meeting_time_at_the_edge_of_the_calendar_is_refused(
    programme: Programme, moment: str
) -> None:
    relationship = programme.mentoring("active")
    body = {"scheduled_for": moment, "duration_minutes": 45, "mode": "video"}

    answer = relationship.command(programme.budi.token, "meetings", body)

    assert_problem(answer, 422)


@pytest.mark.parametrize("moment", EDGE_OF_TIME)
def test_a_held_at_at_the_edge_of_the_calendar_is_refused(
    programme: Programme, moment: str
) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()

    answer = relationship.command(
        programme.budi.token, f"meetings/{meeting}/held", {"held_at": moment}
    )

    assert_problem(answer, 422)


@pytest.mark.parametrize("moment", EDGE_OF_TIME)
def test_an_as_of_at_the_edge_of_the_calendar_is_refused(programme: Programme, moment: str) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.read(programme.budi.token, f"?as_of={quote(moment)}")

    assert_problem(answer, 422)


@pytest.mark.parametrize("version", [2**63, 10**20])
def test_a_version_too_large_to_store_is_not_a_server_error(
    programme: Programme, version: int
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.read(programme.budi.token, f"?version={version}")

    assert answer.status in (404, 422)
    assert_problem(answer, answer.status)


@pytest.mark.parametrize(
    ("command", "field"), [("goals", "text"), ("decline", "reason"), ("pause", "reason")]
)
def test_text_with_a_lone_surrogate_is_refused(
    programme: Programme, command: str, field: str
) -> None:
    relationship = programme.mentoring("requested" if command == "decline" else "active")
    token = programme.ana.token
    body = f'{{"{field}": "broken \\ud800 text"}}'

    answer = programme.api.request(
        "POST",
        f"{relationship.path}/{command}",
        token=token,
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )

    assert answer.status in (400, 422)
    assert_problem(answer, answer.status)
