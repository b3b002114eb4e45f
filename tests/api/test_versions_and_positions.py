"""ETag on every state answer, If-Match guarding commands, and log positions on every answer."""

from __future__ import annotations

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiResponse
from tests.support.http_world import BOUNDARIES, Programme, Relationship
from tests.support.moments import next_week


def assert_etag_matches_version(answer: ApiResponse) -> None:
    assert answer.headers["etag"] == f'"{answer.body["version"]}"', answer.headers


def test_the_request_answers_its_state_with_an_etag(programme: Programme) -> None:
    answer = programme.ask(programme.budi, programme.ana)

    assert must(answer, 201)["version"] == 1
    assert_etag_matches_version(answer)


def test_reads_and_commands_answer_with_the_etag_of_their_version(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answers = [
        relationship.read(programme.budi.token),
        relationship.read(programme.coordinator),
        relationship.command(programme.budi.token, "goals", {"text": "Run a retro"}),
        relationship.read(programme.admin, "?version=1"),
    ]

    for answer in answers:
        must(answer)
        assert_etag_matches_version(answer)
    assert [a.headers["etag"] for a in answers] == ['"2"', '"2"', '"3"', '"1"']


def test_scheduling_a_meeting_answers_the_etag_of_the_relationship(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    body = {"scheduled_for": next_week(), "duration_minutes": 30, "mode": "phone"}

    answer = relationship.command(programme.ana.token, "meetings", body)

    assert must(answer, 201)["version"] == 3
    assert answer.headers["etag"] == '"3"'


def test_a_command_with_the_current_version_in_if_match_is_recorded(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    etag = relationship.read(programme.budi.token).headers["etag"]

    answer = relationship.command(
        programme.budi.token, "boundaries", BOUNDARIES, headers={"If-Match": etag}
    )

    assert must(answer)["version"] == 3
    assert answer.headers["etag"] == '"3"'


def _history_length(relationship: Relationship) -> int:
    return len(must(relationship.history(relationship.requester.token))["events"])


@pytest.mark.parametrize("if_match", ['"1"', '"3"', '"0"', '"two"'])
def test_a_command_with_a_stale_if_match_is_refused_and_records_nothing(
    programme: Programme, if_match: str
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.ana.token, "pause", {"reason": "A break."}, headers={"If-Match": if_match}
    )

    assert_problem(answer, 412)
    state = relationship.state()
    assert (state["status"], state["version"]) == ("active", 2)
    assert _history_length(relationship) == 2


def test_a_second_writer_holding_the_same_etag_loses(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    etag = relationship.read(programme.budi.token).headers["etag"]
    must(
        relationship.command(
            programme.budi.token, "goals", {"text": "Run a retro"}, headers={"If-Match": etag}
        )
    )

    answer = relationship.command(
        programme.ana.token, "goals", {"text": "Write an RFC"}, headers={"If-Match": etag}
    )

    assert_problem(answer, 412)
    assert [g["text"] for g in relationship.state()["goals"]] == [
        "Lead a design review",
        "Run a retro",
    ]


def test_every_command_answer_carries_an_increasing_position(programme: Programme) -> None:
    relationship = programme.mentoring("requested")
    goal_id = relationship.state()["goals"][0]["id"]

    answers = [
        relationship.command(programme.ana.token, "accept", {"message": "Happy to."}),
        relationship.command(programme.budi.token, "boundaries", BOUNDARIES),
        relationship.command(programme.ana.token, "boundaries/agree"),
        relationship.command(programme.budi.token, "goals", {"text": "Run a retro"}),
        relationship.command(programme.ana.token, f"goals/{goal_id}/achieve"),
        relationship.command(programme.budi.token, "pause", {"reason": "Holiday."}),
        relationship.command(programme.coordinator, "resume"),
        relationship.command(programme.ana.token, "conclude", {"outcome": "goals_met"}),
    ]

    positions = [must(answer)["position"] for answer in answers]
    assert all(isinstance(p, int) for p in positions)
    assert positions == sorted(set(positions)), positions


def test_setting_up_programmes_and_people_also_answers_positions(programme: Programme) -> None:
    api, coordinator = programme.api, programme.coordinator

    created = must(api.post("/api/programs", {"name": "Evening Class"}, token=coordinator), 201)
    registered = must(api.post("/api/participants", {"name": "Eko"}, token=coordinator), 201)
    enrolment = {"participant_id": registered["id"], "roles": ["mentee"]}
    enrolled = must(
        api.post(f"/api/programs/{created['id']}/enrollments", enrolment, token=coordinator), 201
    )

    positions = [body["position"] for body in (created, registered, enrolled)]
    assert positions == sorted(set(positions)), positions


def test_a_later_request_has_a_later_position(programme: Programme) -> None:
    first = must(programme.ask(programme.budi, programme.ana), 201)

    second = must(programme.ask(programme.citra, programme.dewi, "peer"), 201)

    assert second["position"] > first["position"]
