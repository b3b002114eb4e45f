"""What commands answer: 201 with Location for a request, 201 with the meeting, 200 with state."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from tests.support.answers import must
from tests.support.http_world import AGENDA, BOUNDARIES, REQUEST_MESSAGE, Programme
from tests.support.moments import next_week

STATE_FIELDS = {
    "id",
    "program_id",
    "status",
    "mode",
    "requester_id",
    "invitee_id",
    "mentor_id",
    "mentee_id",
    "message",
    "goals",
    "boundaries",
    "mode_proposal",
    "meetings",
    "feedback",
    "outcome",
    "version",
    "created_at",
    "updated_at",
}
RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def _without_position(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "position"}


def test_a_request_answers_201_with_its_state_and_where_to_find_it(programme: Programme) -> None:
    answer = programme.ask(programme.budi, programme.ana)

    state = must(answer, 201)
    assert state.keys() >= STATE_FIELDS
    assert (state["status"], state["mode"], state["version"]) == ("requested", "mentoring", 1)
    assert (state["requester_id"], state["invitee_id"]) == (programme.budi.id, programme.ana.id)
    assert (state["mentor_id"], state["mentee_id"]) == (programme.ana.id, programme.budi.id)
    assert state["message"] == REQUEST_MESSAGE
    assert [(g["text"], g["achieved_at"]) for g in state["goals"]] == [
        ("Lead a design review", None)
    ]
    assert state["boundaries"] == {"in_force": None, "proposed": None}
    assert (state["meetings"], state["feedback"], state["outcome"]) == ([], [], None)
    assert isinstance(state["position"], int)


def test_the_location_of_a_new_relationship_reads_the_same_state(programme: Programme) -> None:
    created = programme.ask(programme.budi, programme.ana)
    location = urlsplit(created.headers["location"]).path

    answer = programme.api.get(location, token=programme.ana.token)

    assert location == f"/api/relationships/{created.body['id']}"
    assert _without_position(must(answer)) == _without_position(created.body)


def test_times_are_rfc3339_in_utc(programme: Programme) -> None:
    state = must(programme.ask(programme.budi, programme.ana), 201)

    assert RFC3339_UTC.match(state["created_at"]), state["created_at"]
    assert state["created_at"] == state["updated_at"]
    created = datetime.fromisoformat(state["created_at"].replace("Z", "+00:00"))
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)


def test_accepting_answers_the_active_state(programme: Programme) -> None:
    relationship = programme.mentoring("requested")

    answer = relationship.command(programme.ana.token, "accept", {"message": "Gladly."})

    state = must(answer)
    assert (state["status"], state["version"]) == ("active", 2)
    assert state["updated_at"] >= state["created_at"]


def test_scheduling_a_meeting_answers_201_with_the_meeting(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    when = next_week()

    answer = relationship.command(
        programme.budi.token,
        "meetings",
        {"scheduled_for": when, "duration_minutes": 45, "mode": "video"},
    )

    meeting = must(answer, 201)
    assert (meeting["scheduled_for"], meeting["duration_minutes"]) == (when, 45)
    assert (meeting["mode"], meeting["status"], meeting["agenda"]) == ("video", "scheduled", None)
    assert isinstance(meeting["position"], int)
    assert [m["id"] for m in relationship.state()["meetings"]] == [meeting["id"]]


def test_a_meeting_goes_from_agenda_to_held_with_a_summary(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()
    must(relationship.command(programme.budi.token, f"meetings/{meeting}/agenda", AGENDA))

    answer = relationship.command(
        programme.ana.token,
        f"meetings/{meeting}/held",
        {"summary": "Walked through a review."},
    )

    held = must(answer)["meetings"][0]
    assert (held["status"], held["summary"]) == ("held", "Walked through a review.")
    assert held["agenda"]["topics"] == AGENDA["topics"]


def test_a_cancelled_meeting_stays_in_the_list(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()

    answer = relationship.command(
        programme.ana.token, f"meetings/{meeting}/cancel", {"reason": "Ill."}
    )

    assert [(m["id"], m["status"]) for m in must(answer)["meetings"]] == [(meeting, "cancelled")]


def test_feedback_goes_from_one_party_to_the_other(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()

    answer = relationship.command(
        programme.ana.token,
        "feedback",
        {"about": "performance", "content": "Clear reasoning.", "meeting_id": meeting},
    )

    [feedback] = must(answer)["feedback"]
    assert (feedback["from_id"], feedback["to_id"]) == (programme.ana.id, programme.budi.id)
    assert (feedback["about"], feedback["meeting_id"]) == ("performance", meeting)
    assert RFC3339_UTC.match(feedback["given_at"])


def test_a_goal_is_added_and_achieved(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    added = must(relationship.command(programme.budi.token, "goals", {"text": "Run a retro"}))
    goal = added["goals"][-1]

    answer = relationship.command(programme.ana.token, f"goals/{goal['id']}/achieve", {})

    achieved = must(answer)["goals"][-1]
    assert (achieved["id"], achieved["text"]) == (goal["id"], "Run a retro")
    assert achieved["achieved_at"] is not None


def test_proposed_boundaries_come_into_force_when_the_other_party_agrees(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    proposed = must(relationship.command(programme.budi.token, "boundaries", BOUNDARIES))

    answer = relationship.command(programme.ana.token, "boundaries/agree", {})

    in_force = must(answer)["boundaries"]["in_force"]
    assert proposed["boundaries"]["proposed"]["meeting_every_days"] == 14
    assert (in_force["meeting_every_days"], in_force["channel"]) == (14, "video")
    assert in_force["confidential_topics"] == ["salary"]
    assert in_force["agreed_at"] is not None


def test_a_proposed_change_of_mode_shows_until_agreed(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.ana.token, "mode", {"mode": "peer"})

    state = must(answer)
    assert state["mode"] == "mentoring"
    assert state["mode_proposal"]["mode"] == "peer"


def test_concluding_records_the_outcome(programme: Programme) -> None:
    relationship = programme.mentoring("paused")

    answer = relationship.command(
        programme.ana.token, "conclude", {"outcome": "goals_met", "reflection": "Proud of Budi."}
    )

    state = must(answer)
    assert state["status"] == "concluded"
    assert (state["outcome"]["outcome"], state["outcome"]["reflection"]) == (
        "goals_met",
        "Proud of Budi.",
    )
