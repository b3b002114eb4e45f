"""A commit lands but its answer is lost: the command is recorded once and answered as recorded.

The proxy between Tandem and PostgreSQL passes the COMMIT to the server and then cuts the
connection before the server's answer comes back, as a restart or a network fault can.
"""

from __future__ import annotations

from typing import Any

from tests.support.answers import must
from tests.support.faults import Lossy
from tests.support.http_world import Programme, enrolled_pair


def active_relationship(pair: Programme) -> str:
    relationship = must(pair.ask(pair.budi, pair.ana), 201)["id"]
    must(pair.api.post(f"/api/relationships/{relationship}/accept", {}, token=pair.ana.token))
    return str(relationship)


def history_of(pair: Programme, relationship: str) -> list[dict[str, Any]]:
    answer = pair.api.get(f"/api/relationships/{relationship}/history", token=pair.budi.token)
    return list(must(answer)["events"])


def test_a_goal_whose_commit_answer_was_lost_is_recorded_once_and_answered(lossy: Lossy) -> None:
    pair = enrolled_pair(lossy.api, "Lost Answers")
    relationship = active_relationship(pair)
    lossy.proxy.lose_next_commits(1)

    answer = lossy.api.post(
        f"/api/relationships/{relationship}/goals",
        {"text": "Run a workshop"},
        token=pair.budi.token,
    )

    assert lossy.proxy.commits_lost == 1
    assert [goal["text"] for goal in must(answer)["goals"]] == ["Grow", "Run a workshop"]
    added = [e for e in history_of(pair, relationship) if e["type"] == "GoalAdded"]
    assert len(added) == 1


def test_a_meeting_held_whose_commit_answer_was_lost_is_not_refused(lossy: Lossy) -> None:
    pair = enrolled_pair(lossy.api, "Lost Answers")
    relationship = active_relationship(pair)
    path = f"/api/relationships/{relationship}/meetings"
    body = {"scheduled_for": "2030-01-15T10:00:00Z", "duration_minutes": 45, "mode": "video"}
    meeting = must(lossy.api.post(path, body, token=pair.ana.token), 201)["id"]
    lossy.proxy.lose_next_commits(1)

    answer = lossy.api.post(f"{path}/{meeting}/held", {}, token=pair.ana.token)

    assert lossy.proxy.commits_lost == 1
    assert must(answer)["meetings"][0]["status"] == "held"
    held = [e for e in history_of(pair, relationship) if e["type"] == "MeetingHeld"]
    assert len(held) == 1


def test_a_keyed_command_whose_answer_was_lost_gives_its_first_outcome_again(
    lossy: Lossy,
) -> None:
    pair = enrolled_pair(lossy.api, "Lost Answers")
    relationship = active_relationship(pair)
    path = f"/api/relationships/{relationship}/feedback"
    body = {"about": "performance", "content": "Clear and calm."}
    key = {"Idempotency-Key": "feedback-1"}
    lossy.proxy.lose_next_commits(1)

    first = lossy.api.post(path, body, token=pair.ana.token, headers=key)
    again = lossy.api.post(path, body, token=pair.ana.token, headers=key)

    assert lossy.proxy.commits_lost == 1
    assert must(first)["version"] == must(again)["version"]
    assert must(first)["position"] == must(again)["position"]
    given = [e for e in history_of(pair, relationship) if e["type"] == "FeedbackGiven"]
    assert len(given) == 1
