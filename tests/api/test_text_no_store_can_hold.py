"""NUL in a query parameter, a body's text or a path: refused alike on every store, never a 5xx.

PostgreSQL's text cannot hold NUL (SQLite's can), so without one rule the two stores answered
differently: 500 and 200 for the same audit filter.
"""

from __future__ import annotations

import json

import pytest

from tests.support.answers import assert_problem, must
from tests.support.http_world import Programme


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/audit/events?type=%00", "type"),
        ("/api/audit/events?actor_id=ana%00", "actor_id"),
        ("/api/audit/events?cursor=%00", "cursor"),
        ("/api/relationships?cursor=MQ%00", "cursor"),
        ("/api/relationships?status=active%00", "status"),
    ],
)
def test_nul_in_a_query_parameter_is_a_validation_failure(
    programme: Programme, path: str, field: str
) -> None:
    answer = programme.api.get(path, token=programme.admin)

    assert list(assert_problem(answer, 422)["errors"]) == [field]


def test_nul_in_an_unknown_query_parameter_is_a_validation_failure(programme: Programme) -> None:
    answer = programme.api.get("/api/audit/events?%00=%00", token=programme.admin)

    assert_problem(answer, 422)


@pytest.mark.parametrize(
    ("command", "body", "field"),
    [
        ("goals", {"text": "Run a\x00retro"}, "text"),
        ("feedback", {"about": "attitude", "content": "Kind\x00"}, "content"),
        ("pause", {"reason": "\x00"}, "reason"),
        (
            "boundaries",
            {"meeting_every_days": 14, "channel": "video", "confidential_topics": ["pay\x00"]},
            "confidential_topics.0",
        ),
    ],
)
def test_nul_in_a_body_text_is_a_validation_failure_and_records_nothing(
    programme: Programme, command: str, body: dict[str, object], field: str
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.budi.token, command, body)

    assert list(assert_problem(answer, 422)["errors"]) == [field]
    assert relationship.state()["version"] == 2


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/programs", {"name": "Night\x00School"}, "name"),
        ("/api/participants", {"name": "Eko", "expertise": ["Go\x00"]}, "expertise.0"),
        ("/api/participants", {"name": "Eko", "email": "eko\x00@example.org"}, "email"),
    ],
)
def test_nul_in_the_text_of_a_new_programme_or_participant_is_a_validation_failure(
    programme: Programme, path: str, body: dict[str, object], field: str
) -> None:
    answer = programme.api.post(path, body, token=programme.coordinator)

    assert list(assert_problem(answer, 422)["errors"]) == [field]


def test_an_escaped_nul_in_raw_json_is_a_validation_failure(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = programme.api.request(
        "POST",
        f"{relationship.path}/goals",
        token=programme.budi.token,
        data=json.dumps({"text": "a\u0000b"}).encode(),
        headers={"Content-Type": "application/json"},
    )

    assert list(assert_problem(answer, 422)["errors"]) == ["text"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/relationships/%00",
        "/api/relationships/%00/history",
        "/api/programs/%00/status",
        "/docs/assets/%00",
        "/%00",
    ],
)
def test_nul_in_a_path_is_not_found(programme: Programme, path: str) -> None:
    answer = programme.api.get(path, token=programme.admin)

    assert_problem(answer, 404)


def test_text_with_other_control_characters_is_kept(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.budi.token, "goals", {"text": "Tabs\tand\nlines"})

    assert must(answer)["goals"][-1]["text"] == "Tabs\tand\nlines"
