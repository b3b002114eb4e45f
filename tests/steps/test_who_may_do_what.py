"""Who may do what: parties, outsiders, staff roles, private text, and signing in."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import step
from tests.support.scenario import World, assert_refused, succeeded

scenarios("who_may_do_what.feature")

PRIVATE_WORDS = ("learn how you lead", "salary", "My salary review", "raise", "Keep asking")


@given(step('{actor:Actor} has prepared the agenda with the topic "{topic:Text}"'))
def has_prepared_agenda(world: World, actor: str, topic: str) -> None:
    body = {
        "topics": [topic],
        "progress_reflection": "I want to talk about money.",
        "development_areas": ["Negotiating"],
    }
    succeeded(world.command(actor, f"meetings/{world.meeting}/agenda", body))


@given(step('{actor:Actor} has given feedback about {about}: "{content:Text}"'))
def has_given_feedback(world: World, actor: str, about: str, content: str) -> None:
    succeeded(world.command(actor, "feedback", {"about": about, "content": content}))


@when(step("{actor:Actor} reads the relationship"))
def reads(world: World, actor: str) -> None:
    world.record(world.read(actor))


@when(step("{actor:Actor} reads the history"))
def reads_history(world: World, actor: str) -> None:
    world.record(world.api.get(f"{world.path}/history", token=world.token(actor)))


@when(step("someone reads the relationship {how}"))
def reads_without_valid_token(world: World, how: str) -> None:
    budi = world.people["Budi"].id
    tokens: dict[str, str | None] = {
        "without signing in": None,
        "with an expired token": world.api.token(
            budi, ["participant"], expires_in=timedelta(minutes=-5)
        ),
        "with a forged token": world.api.token(
            budi, ["participant"], key="not-the-server-secret-but-just-as-long-as-it"
        ),
        "with a garbled token": "this.is-not-a.token",
    }
    assert how in tokens, f"no way to read {how!r}"
    world.record(world.api.get(world.path, token=tokens[how]))


@then(step('{pronoun} sees {name:Name}\'s message "{message:Text}"'))
def sees_message(world: World, pronoun: str, name: str, message: str) -> None:
    state = succeeded(world.answer, 200)
    assert state["requester_id"] == world.people[name].id, state
    assert state["message"] == message, state
    assert world.answer.headers.get("etag") == f'"{state["version"]}"', world.answer.headers


@then("who did what and when is visible, but none of what the parties wrote")
def private_text_withheld(world: World) -> None:
    state: dict[str, Any] = succeeded(world.answer, 200)
    assert state["requester_id"] == world.people["Budi"].id, state
    assert state["mentor_id"] == world.people["Ana"].id, state
    assert state["message"] is None, state
    assert [goal["text"] for goal in state["goals"]] == ["Lead a code review on my own"], state

    proposed = state["boundaries"]["proposed"]
    assert proposed["proposed_by"] == world.people["Budi"].id, proposed
    assert proposed["meeting_every_days"] == 14, proposed
    assert proposed["channel"] == "video", proposed
    assert proposed["confidential_topics"] is None, proposed
    assert proposed.get("notes") is None, proposed

    (meeting,) = state["meetings"]
    assert meeting["status"] == "held", meeting
    assert meeting["summary"] is None, meeting
    agenda = meeting["agenda"]
    if agenda is not None:
        private = ("topics", "progress_reflection", "development_areas")
        assert [agenda[key] for key in private] == [None, None, None], agenda

    (feedback,) = state["feedback"]
    assert feedback["from_id"] == world.people["Ana"].id, feedback
    assert feedback["to_id"] == world.people["Budi"].id, feedback
    assert feedback["about"] == "attitude", feedback
    assert feedback["content"] is None, feedback

    text = json.dumps(state)
    assert not [word for word in PRIVATE_WORDS if word in text], text


@then('every event is listed with its actor, and what the parties wrote reads "[private]"')
def history_redacted(world: World) -> None:
    events: list[dict[str, Any]] = succeeded(world.answer, 200)["events"]
    kinds = [event["type"] for event in events]
    assert kinds == [
        "Requested",
        "Accepted",
        "MeetingScheduled",
        "MeetingHeld",
        "FeedbackGiven",
    ], kinds
    actors = [event["actor_id"] for event in events]
    ana, budi = world.people["Ana"].id, world.people["Budi"].id
    assert actors == [budi, ana, budi, ana, ana], actors
    for kind in ("Requested", "MeetingHeld", "FeedbackGiven"):
        (event,) = [e for e in events if e["type"] == kind]
        assert "[private]" in event["data"].values(), event
    text = json.dumps(events)
    assert not [word for word in PRIVATE_WORDS if word in text], text


@then(step('the history shows the feedback "{content:Text}" and the request\'s message'))
def history_in_full(world: World, content: str) -> None:
    events: list[dict[str, Any]] = succeeded(world.answer, 200)["events"]
    (requested,) = [e for e in events if e["type"] == "Requested"]
    assert "I would like to learn how you lead code reviews." in requested["data"].values()
    (given,) = [e for e in events if e["type"] == "FeedbackGiven"]
    assert content in given["data"].values(), given
    assert "[private]" not in json.dumps(events), events


@then("they are asked to sign in")
def asked_to_sign_in(world: World) -> None:
    assert_refused(world.answer, 401)
    challenge = world.answer.headers.get("www-authenticate", "")
    assert challenge.startswith("Bearer"), world.answer.headers
