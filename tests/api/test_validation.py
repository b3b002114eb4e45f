"""Bodies that parse but do not fit: 422 with `errors` keyed by the offending field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.http_world import BOUNDARIES, Programme

MEETING = {"scheduled_for": "2030-01-07T10:00:00Z", "duration_minutes": 45, "mode": "video"}


def _request(programme: Programme, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "program_id": programme.id,
        "invitee_id": programme.ana.id,
        "kind": "mentoring",
        "goals": ["Lead a design review"],
        "message": "Please mentor me.",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_an_unknown_field_is_refused_and_named(api: ApiClient) -> None:
    token = api.token("coordinator-x", ["coordinator"])

    answer = api.post("/api/programs", {"name": "Night School", "colour": "red"}, token=token)

    errors = assert_problem(answer, 422, "/problems/validation")["errors"]
    assert list(errors) == ["colour"]


def test_an_unknown_field_is_refused_even_where_no_field_is_expected(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "boundaries", BOUNDARIES))

    answer = relationship.command(programme.ana.token, "boundaries/agree", {"happily": True})

    errors = assert_problem(answer, 422)["errors"]
    assert list(errors) == ["happily"]
    assert relationship.state()["boundaries"]["in_force"] is None


def test_every_missing_required_field_is_named(programme: Programme) -> None:
    answer = programme.api.post("/api/relationships", {}, token=programme.budi.token)

    errors = assert_problem(answer, 422)["errors"]
    assert {"program_id", "invitee_id", "kind", "goals", "message"} <= set(errors)
    assert all(isinstance(m, list) and all(isinstance(s, str) for s in m) for m in errors.values())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goals": []}, "goals"),
        ({"goals": [f"Goal {n}" for n in range(11)]}, "goals"),
        ({"goals": "Lead a design review"}, "goals"),
        ({"kind": "friendship"}, "kind"),
        ({"invitee_id": "ana"}, "invitee_id"),
        ({"program_id": 42}, "program_id"),
        ({"message": "   "}, "message"),
        ({"message": 42}, "message"),
        ({"message": None}, "message"),
    ],
)
def test_a_request_with_a_field_out_of_range_or_of_the_wrong_type_is_refused(
    programme: Programme, changes: dict[str, Any], field: str
) -> None:
    answer = programme.api.post(
        "/api/relationships", _request(programme, **changes), token=programme.budi.token
    )

    errors = assert_problem(answer, 422)["errors"]
    assert any(key == field or key.startswith(f"{field}.") for key in errors), errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"duration_minutes": True}, "duration_minutes"),
        ({"mode": "carrier pigeon"}, "mode"),
        ({"scheduled_for": "next tuesday"}, "scheduled_for"),
        ({"scheduled_for": "2030-01-07T10:00:00"}, "scheduled_for"),
        ({"scheduled_for": "2030-01-07"}, "scheduled_for"),
    ],
)
def test_a_meeting_with_a_field_out_of_range_or_of_the_wrong_type_is_refused(
    programme: Programme, changes: dict[str, Any], field: str
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.budi.token, "meetings", {**MEETING, **changes})

    assert list(assert_problem(answer, 422)["errors"]) == [field]
    assert relationship.state()["meetings"] == []


@pytest.mark.parametrize("duration", ["45", 45.5])
def test_a_duration_that_is_not_a_json_integer_is_refused(
    programme: Programme, duration: object
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.budi.token, "meetings", {**MEETING, "duration_minutes": duration}
    )

    assert list(assert_problem(answer, 422)["errors"]) == ["duration_minutes"]
    assert relationship.state()["meetings"] == []


@pytest.mark.parametrize("days", [0, 91, -1])
def test_boundaries_meeting_more_often_than_daily_or_rarer_than_quarterly_are_refused(
    programme: Programme, days: int
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.budi.token, "boundaries", {**BOUNDARIES, "meeting_every_days": days}
    )

    assert list(assert_problem(answer, 422)["errors"]) == ["meeting_every_days"]


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("conclude", {"outcome": "bored"}, "outcome"),
        ("feedback", {"about": "haircut", "content": "Nice."}, "about"),
        ("feedback", {"about": "attitude"}, "content"),
        ("mode", {"mode": "mentoring"}, "mentor_id"),
        ("mode", {"mode": "solo"}, "mode"),
        ("goals", {"text": ""}, "text"),
        ("pause", {}, "reason"),
    ],
)
def test_a_command_body_that_does_not_fit_names_the_field(
    programme: Programme, name: str, body: dict[str, Any], field: str
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.budi.token, name, body)

    assert field in assert_problem(answer, 422)["errors"]
    assert relationship.state()["version"] == 2


def test_an_agenda_needs_its_topics_reflection_and_development_areas(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()

    answer = relationship.command(programme.budi.token, f"meetings/{meeting}/agenda", {})

    errors = assert_problem(answer, 422)["errors"]
    assert {"topics", "progress_reflection", "development_areas"} <= set(errors)


def test_feedback_about_a_meeting_the_relationship_does_not_have_is_refused(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    body = {"about": "performance", "content": "Good work.", "meeting_id": programme.id}

    answer = relationship.command(programme.budi.token, "feedback", body)

    assert "meeting_id" in assert_problem(answer, 422)["errors"]


def test_a_participant_is_registered_only_with_a_known_timezone_and_a_valid_email(
    programme: Programme,
) -> None:
    body = {"name": "Eko", "email": "not an email", "timezone": "Mars/Olympus_Mons"}

    answer = programme.api.post("/api/participants", body, token=programme.coordinator)

    assert {"email", "timezone"} <= set(assert_problem(answer, 422)["errors"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"roles": ["mentor"]}, "participant_id"),
        ({"participant_id": "{ana}", "roles": ["guru"]}, "roles"),
        ({"participant_id": "{ana}", "roles": []}, "roles"),
        ({"participant_id": "{ana}", "roles": "mentor"}, "roles"),
    ],
)
def test_an_enrolment_that_does_not_fit_names_the_field(
    programme: Programme, body: dict[str, Any], field: str
) -> None:
    sent = {
        k: v.format(ana=programme.ana.id) if k == "participant_id" else v for k, v in body.items()
    }

    answer = programme.api.post(
        f"/api/programs/{programme.id}/enrollments", sent, token=programme.coordinator
    )

    errors = assert_problem(answer, 422)["errors"]
    assert any(key == field or key.startswith(f"{field}.") for key in errors), errors


def test_a_meeting_time_is_read_in_any_offset_and_answered_in_utc(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    body = {**MEETING, "scheduled_for": "2030-01-07T17:00:00+07:00"}

    answer = relationship.command(programme.budi.token, "meetings", body)

    assert must(answer, 201)["scheduled_for"] == "2030-01-07T10:00:00Z"
