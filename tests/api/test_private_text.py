"""Private text: the parties read it; everyone else reads null in state, "[private]" in history."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.answers import must
from tests.support.contract import PRIVATE_FIELDS
from tests.support.http_world import REQUEST_MESSAGE, Programme, Relationship

SECRET = "private:"  # every private text written below starts with it


def _full_of_private_text(programme: Programme) -> Relationship:
    """Ana mentors Budi; they have written private text in every place it can go."""
    relationship = programme.mentoring("active")
    ana, budi = programme.ana.token, programme.budi.token
    boundaries = {
        "meeting_every_days": 14,
        "channel": "video",
        "confidential_topics": [f"{SECRET} salary"],
        "notes": f"{SECRET} cameras optional",
    }
    must(relationship.command(budi, "boundaries", boundaries))
    must(relationship.command(ana, "boundaries/agree"))
    must(relationship.command(ana, "boundaries", {**boundaries, "meeting_every_days": 7}))
    meeting = relationship.schedule_meeting()
    agenda = {
        "topics": [f"{SECRET} design reviews"],
        "progress_reflection": f"{SECRET} I led my first review",
        "development_areas": [f"{SECRET} delegation"],
    }
    must(relationship.command(budi, f"meetings/{meeting}/agenda", agenda))
    must(relationship.command(ana, f"meetings/{meeting}/held", {"summary": f"{SECRET} review"}))
    feedback = {"about": "performance", "content": f"{SECRET} clear", "meeting_id": meeting}
    must(relationship.command(ana, "feedback", feedback))
    must(relationship.command(budi, "pause", {"reason": "Exams."}))
    conclusion = {"outcome": "goals_met", "reflection": f"{SECRET} grew a lot"}
    must(relationship.command(budi, "conclude", conclusion))
    return relationship


def _text_of(body: Any) -> str:
    return json.dumps(body)


@pytest.mark.parametrize("party", ["ana", "budi"])
def test_both_parties_read_every_private_text(programme: Programme, party: str) -> None:
    relationship = _full_of_private_text(programme)

    state = must(relationship.read(getattr(programme, party).token))

    assert state["message"] == REQUEST_MESSAGE
    assert state["boundaries"]["in_force"]["notes"] == f"{SECRET} cameras optional"
    assert state["boundaries"]["proposed"]["confidential_topics"] == [f"{SECRET} salary"]
    assert state["meetings"][0]["agenda"]["development_areas"] == [f"{SECRET} delegation"]
    assert state["meetings"][0]["summary"] == f"{SECRET} review"
    assert state["feedback"][0]["content"] == f"{SECRET} clear"
    assert state["outcome"]["reflection"] == f"{SECRET} grew a lot"


@pytest.mark.parametrize("reader", ["coordinator", "admin"])
def test_staff_read_null_for_every_private_text(programme: Programme, reader: str) -> None:
    relationship = _full_of_private_text(programme)

    state = must(relationship.read(getattr(programme, reader)))

    assert SECRET not in _text_of(state)
    assert REQUEST_MESSAGE not in _text_of(state)
    assert state["message"] is None
    for boundaries in state["boundaries"].values():
        assert (boundaries["notes"], boundaries["confidential_topics"]) == (None, None)
    agenda = state["meetings"][0]["agenda"]
    assert [agenda[k] for k in ("topics", "progress_reflection", "development_areas")] == [None] * 3
    assert state["meetings"][0]["summary"] is None
    assert state["feedback"][0]["content"] is None
    assert state["outcome"]["reflection"] is None


def test_staff_still_read_everything_structured(programme: Programme) -> None:
    relationship = _full_of_private_text(programme)

    state = must(relationship.read(programme.coordinator))

    assert (state["status"], state["mode"]) == ("concluded", "mentoring")
    assert (state["mentor_id"], state["mentee_id"]) == (programme.ana.id, programme.budi.id)
    assert [g["text"] for g in state["goals"]] == ["Lead a design review"]
    in_force = state["boundaries"]["in_force"]
    assert (in_force["meeting_every_days"], in_force["channel"]) == (14, "video")
    assert state["boundaries"]["proposed"]["meeting_every_days"] == 7
    meeting = state["meetings"][0]
    assert (meeting["status"], meeting["mode"], meeting["duration_minutes"]) == (
        "held",
        "video",
        45,
    )
    assert meeting["agenda"] is not None
    feedback = state["feedback"][0]
    assert (feedback["from_id"], feedback["to_id"]) == (programme.ana.id, programme.budi.id)
    assert feedback["about"] == "performance"
    assert state["outcome"]["outcome"] == "goals_met"


def test_a_coordinator_acting_on_the_relationship_reads_no_private_text_in_the_answer(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.coordinator, "pause", {"reason": "Review."})

    assert must(answer)["message"] is None


def test_a_party_acting_on_the_relationship_reads_their_private_text_in_the_answer(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    conclusion = {"outcome": "goals_met", "reflection": f"{SECRET} grew a lot"}

    state = must(relationship.command(programme.budi.token, "conclude", conclusion))

    assert state["message"] == REQUEST_MESSAGE
    assert state["outcome"]["reflection"] == f"{SECRET} grew a lot"


def test_an_earlier_version_hides_private_text_from_staff_too(programme: Programme) -> None:
    relationship = _full_of_private_text(programme)

    state = must(relationship.read(programme.admin, "?version=1"))

    assert state["message"] is None


@pytest.mark.parametrize("reader", ["auditor", "admin"])
def test_auditors_and_admins_read_private_in_the_history(programme: Programme, reader: str) -> None:
    relationship = _full_of_private_text(programme)

    events = must(relationship.history(getattr(programme, reader)))["events"]

    assert SECRET not in _text_of(events)
    assert REQUEST_MESSAGE not in _text_of(events)
    redacted = {
        key
        for event in events
        for key, value in event["data"].items()
        if key in PRIVATE_FIELDS and value is not None
    }
    assert redacted == PRIVATE_FIELDS
    for event in events:
        for key in PRIVATE_FIELDS & event["data"].keys():
            assert event["data"][key] in (None, "[private]"), event


def test_the_history_keeps_structured_data_visible_to_auditors(programme: Programme) -> None:
    relationship = _full_of_private_text(programme)

    events = must(relationship.history(programme.auditor))["events"]

    text = _text_of([event["data"] for event in events])
    for visible in ("goals_met", "performance", "Lead a design review", programme.ana.id):
        assert visible in text
    assert any(event["data"].get("meeting_every_days") == 14 for event in events)


def test_the_parties_read_their_private_text_in_the_history(programme: Programme) -> None:
    relationship = _full_of_private_text(programme)

    events = must(relationship.history(programme.budi.token))["events"]

    assert "[private]" not in _text_of(events)
    assert REQUEST_MESSAGE in _text_of(events)
    for text in ("salary", "cameras optional", "design reviews", "delegation", "grew a lot"):
        assert f"{SECRET} {text}" in _text_of(events)
