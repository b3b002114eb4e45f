"""Bodies that are not JSON or too big, unknown resources and methods: problem+json answers."""

from __future__ import annotations

import uuid

import pytest

from tests.support.answers import assert_problem
from tests.support.api import ApiClient
from tests.support.http_world import Programme


def test_a_body_that_is_not_valid_json_is_a_bad_request(programme: Programme) -> None:
    relationship = programme.mentoring("requested")

    answer = programme.api.request(
        "POST",
        f"{relationship.path}/decline",
        token=programme.ana.token,
        data=b'{"reason": "Too busy',
        headers={"Content-Type": "application/json"},
    )

    assert_problem(answer, 400)
    assert relationship.state()["status"] == "requested"


def test_a_body_that_is_not_utf8_is_a_bad_request(api: ApiClient) -> None:
    token = api.token("coordinator-x", ["coordinator"])

    answer = api.request(
        "POST",
        "/api/programs",
        token=token,
        data=b'{"name": "Caf\xe9 \xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )

    assert_problem(answer, 400)


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", b'{"name": "Night School"}'),
        ("application/x-www-form-urlencoded", b"name=Night+School"),
        ("application/xml", b"<program><name>Night School</name></program>"),
    ],
)
def test_a_body_that_is_not_json_is_an_unsupported_media_type(
    api: ApiClient, content_type: str, data: bytes
) -> None:
    token = api.token("coordinator-x", ["coordinator"])

    answer = api.request(
        "POST", "/api/programs", token=token, data=data, headers={"Content-Type": content_type}
    )

    assert_problem(answer, 415)


def test_a_body_over_64_kib_is_too_large(programme: Programme) -> None:
    relationship = programme.mentoring("requested")
    huge = {"reason": "x" * (64 * 1024 + 1)}

    answer = relationship.command(programme.ana.token, "decline", huge)

    assert_problem(answer, 413)
    assert relationship.state()["version"] == 1


def test_a_body_just_under_64_kib_is_read_and_validated(api: ApiClient) -> None:
    token = api.token("coordinator-x", ["coordinator"])

    answer = api.post("/api/programs", {"name": "x" * 60_000}, token=token)

    assert_problem(answer, 422)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/relationships/{relationship}", "GET"),
        ("PUT", "/api/relationships/{relationship}", "GET"),
        ("GET", "/api/relationships/{relationship}/accept", "POST"),
        ("PUT", "/api/programs", "POST"),
        ("DELETE", "/api/programs/{program}", "GET"),
        ("PATCH", "/api/participants/{participant}", "GET"),
        ("GET", "/api/programs/{program}/enrollments", "POST"),
    ],
)
def test_a_method_the_path_does_not_support_is_not_allowed_and_says_what_is(
    programme: Programme, method: str, path: str, allowed: str
) -> None:
    relationship = programme.mentoring("active")
    url = path.format(
        relationship=relationship.id, program=programme.id, participant=programme.ana.id
    )

    answer = programme.api.request(method, url, token=programme.admin)

    assert_problem(answer, 405)
    assert allowed in {m.strip() for m in answer.headers["allow"].split(",")}


@pytest.mark.parametrize(
    "path",
    [
        "/api/relationships/{unknown}",
        "/api/relationships/{unknown}/history",
        "/api/programs/{unknown}",
        "/api/participants/{unknown}",
        "/api/nowhere",
    ],
)
def test_reading_something_that_does_not_exist_is_not_found(
    programme: Programme, path: str
) -> None:
    answer = programme.api.get(path.format(unknown=uuid.uuid4()), token=programme.admin)

    assert_problem(answer, 404)


def test_acting_on_a_relationship_that_does_not_exist_is_not_found(programme: Programme) -> None:
    answer = programme.api.post(
        f"/api/relationships/{uuid.uuid4()}/pause", {"reason": "A break."}, token=programme.admin
    )

    assert_problem(answer, 404)


def test_a_programme_id_is_not_a_relationship(programme: Programme) -> None:
    answer = programme.api.get(f"/api/relationships/{programme.id}", token=programme.admin)

    assert_problem(answer, 404)


def test_enrolling_in_a_programme_that_does_not_exist_is_not_found(programme: Programme) -> None:
    body = {"participant_id": programme.ana.id, "roles": ["mentor"]}

    answer = programme.api.post(
        f"/api/programs/{uuid.uuid4()}/enrollments", body, token=programme.admin
    )

    assert_problem(answer, 404)


@pytest.mark.parametrize("part", ["meetings/{unknown}/held", "goals/{unknown}/achieve"])
def test_a_meeting_or_goal_the_relationship_does_not_have_is_not_found(
    programme: Programme, part: str
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.budi.token, part.format(unknown=uuid.uuid4()), {})

    assert_problem(answer, 404)
    assert relationship.state()["version"] == 2
