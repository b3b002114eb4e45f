"""Idempotency-Key: a repeated request gets the first answer again and records nothing new."""

from __future__ import annotations

from typing import Any

from tests.support.answers import assert_problem, must
from tests.support.http_world import Programme, Relationship
from tests.support.moments import next_week


def _key(name: str) -> dict[str, str]:
    return {"Idempotency-Key": name}


def _recorded(relationship: Relationship) -> tuple[int, int]:
    """The relationship's version and the length of its history."""
    events = must(relationship.history(relationship.requester.token))["events"]
    return relationship.state()["version"], len(events)


def test_repeating_a_command_with_its_key_answers_the_same_and_records_nothing(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    body = {"text": "Run a retro"}
    first = relationship.command(programme.budi.token, "goals", body, headers=_key("goal-1"))
    recorded = _recorded(relationship)

    again = relationship.command(programme.budi.token, "goals", body, headers=_key("goal-1"))

    assert (again.status, again.body) == (first.status, first.body)
    assert again.body["position"] == must(first)["position"]
    assert _recorded(relationship) == recorded == (3, 3)


def test_a_repeated_request_for_mentoring_answers_the_same_relationship(
    programme: Programme,
) -> None:
    body = {
        "program_id": programme.id,
        "invitee_id": programme.ana.id,
        "kind": "mentoring",
        "goals": ["Lead a design review"],
        "message": "Please mentor me.",
    }
    token = programme.budi.token
    first = programme.api.post("/api/relationships", body, token=token, headers=_key("ask-ana"))

    again = programme.api.post("/api/relationships", body, token=token, headers=_key("ask-ana"))

    assert (again.status, again.body) == (201, must(first, 201))
    assert again.headers["location"] == first.headers["location"]


def test_a_repeated_meeting_is_scheduled_once(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    body = {"scheduled_for": next_week(), "duration_minutes": 60, "mode": "in_person"}
    first = relationship.command(programme.ana.token, "meetings", body, headers=_key("m-1"))

    again = relationship.command(programme.ana.token, "meetings", body, headers=_key("m-1"))

    assert (again.status, again.body) == (201, must(first, 201))
    assert len(relationship.state()["meetings"]) == 1


def test_the_first_answer_is_repeated_even_after_the_relationship_moved_on(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    body = {"text": "Run a retro"}
    first = relationship.command(programme.budi.token, "goals", body, headers=_key("goal-1"))
    must(relationship.command(programme.ana.token, "goals", {"text": "Write an RFC"}))

    again = relationship.command(programme.budi.token, "goals", body, headers=_key("goal-1"))

    assert (again.status, again.body) == (200, must(first))
    assert len(relationship.state()["goals"]) == 3


def test_the_same_key_with_another_body_is_refused_and_records_nothing(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "goals", {"text": "A"}, headers=_key("k")))
    recorded = _recorded(relationship)

    answer = relationship.command(programme.budi.token, "goals", {"text": "B"}, headers=_key("k"))

    assert_problem(answer, 422)
    assert _recorded(relationship) == recorded


def test_the_same_key_on_another_command_is_refused(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    body: dict[str, Any] = {"reason": "A break."}
    must(relationship.command(programme.budi.token, "pause", body, headers=_key("k")))

    answer = relationship.command(programme.budi.token, "resume", {}, headers=_key("k"))

    assert_problem(answer, 422)
    assert relationship.state()["status"] == "paused"


def test_keys_belong_to_their_caller(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    body = {"text": "Run a retro"}
    must(relationship.command(programme.budi.token, "goals", body, headers=_key("shared")))

    answer = relationship.command(programme.ana.token, "goals", body, headers=_key("shared"))

    assert must(answer)["version"] == 4
    assert [g["text"] for g in answer.body["goals"]].count("Run a retro") == 2


def test_a_key_up_to_200_characters_is_accepted(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.budi.token, "goals", {"text": "Run a retro"}, headers=_key("k" * 200)
    )

    must(answer)


def test_a_key_over_200_characters_is_refused(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.budi.token, "goals", {"text": "Run a retro"}, headers=_key("k" * 201)
    )

    assert_problem(answer, 422)
    assert relationship.state()["version"] == 2
