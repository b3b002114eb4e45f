"""Requesting a mentor or a peer: asking, answering, withdrawing, and who may ask whom."""

from __future__ import annotations

import uuid

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import step
from tests.support.scenario import World, succeeded

scenarios("requesting.feature")


@given(step("{name:Name} is registered but not enrolled in any programme"))
def registered_only(world: World, name: str) -> None:
    world.register(name)


@when(step("{actor:Actor} asks {invitee:Name} to learn together as peers"))
def asks_as_peer(world: World, actor: str, invitee: str) -> None:
    world.ask(actor, world.people[invitee].id, "peer")


@when(step("{actor:Actor} asks someone nobody knows for mentoring"))
def asks_a_stranger(world: World, actor: str) -> None:
    with world.not_through_the_browser("the form lists whom one may ask, and nobody unknown"):
        world.ask(actor, str(uuid.uuid4()), "mentoring")


@when(step("{actor:Actor} accepts the request"))
def accepts(world: World, actor: str) -> None:
    world.command(actor, "accept", {"message": "Happy to. Let us start next week."})


@when(step('{actor:Actor} declines the request because "{reason:Text}"'))
def declines(world: World, actor: str, reason: str) -> None:
    world.command(actor, "decline", {"reason": reason})


@when(step("{actor:Actor} withdraws the request"))
def withdraws(world: World, actor: str) -> None:
    world.command(actor, "withdraw", {})


@then(step("{mentor:Name} would mentor {mentee:Name}"))
def would_mentor(world: World, mentor: str, mentee: str) -> None:
    state = world.state()
    assert state["mode"] == "mentoring", state
    assert state["mentor_id"] == world.people[mentor].id, state
    assert state["mentee_id"] == world.people[mentee].id, state


@then("they would be peers, with neither mentor nor mentee")
def would_be_peers(world: World) -> None:
    state = world.state()
    assert state["mode"] == "peer", state
    assert state["mentor_id"] is None, state
    assert state["mentee_id"] is None, state


@then(step("{name:Name} reads his own message in the request"))
def reads_own_message(world: World, name: str) -> None:
    state = succeeded(world.read(name), 200)
    assert state["message"] == "I would like to learn how you lead code reviews.", state
    assert [goal["text"] for goal in state["goals"]] == ["Lead a code review on my own"], state
