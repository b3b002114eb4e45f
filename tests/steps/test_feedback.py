"""Feedback: both ways between the parties, about four things, sometimes on a meeting."""

from __future__ import annotations

from pytest_bdd import scenarios, then, when

from tests.steps.world import World, must, parse_time, step

scenarios("feedback.feature")


@when(step('{actor:Actor} gives feedback about {about}: "{content:Text}"'))
def gives_feedback(world: World, actor: str, about: str, content: str) -> None:
    world.command(actor, "feedback", {"about": about, "content": content})


@when(step('{actor:Actor} gives feedback on that meeting about {about}: "{content:Text}"'))
def gives_feedback_on_meeting(world: World, actor: str, about: str, content: str) -> None:
    body = {"about": about, "content": content, "meeting_id": world.meeting}
    world.command(actor, "feedback", body)


@then(step('{receiver:Name} has feedback from {giver:Name} about {about}: "{content:Text}"'))
def has_feedback(world: World, receiver: str, giver: str, about: str, content: str) -> None:
    assert "position" in must(world.answer), world.answer.body
    feedback = world.state(receiver)["feedback"]
    assert len(feedback) == 1, feedback
    item = feedback[0]
    assert item["from_id"] == world.people[giver].id, item
    assert item["to_id"] == world.people[receiver].id, item
    assert item["about"] == about, item
    assert item["content"] == content, item
    assert item["meeting_id"] is None, item
    assert parse_time(item["given_at"]), item


@then("the feedback is tied to that meeting")
def tied_to_meeting(world: World) -> None:
    assert "position" in must(world.answer), world.answer.body
    feedback = world.state()["feedback"]
    assert [item["meeting_id"] for item in feedback] == [world.meeting], feedback
