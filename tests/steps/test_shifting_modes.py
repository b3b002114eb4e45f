"""Shifting modes: mentoring to peers and back, with either party as the mentor."""

from __future__ import annotations

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import step
from tests.support.scenario import World, succeeded, taken

scenarios("shifting_modes.feature")


@when(step("{actor:Actor} proposes that they continue as peers"))
def proposes_peers(world: World, actor: str) -> None:
    world.command(actor, "mode", {"mode": "peer"})


@given(step("{actor:Actor} has proposed that they continue as peers"))
def has_proposed_peers(world: World, actor: str) -> None:
    succeeded(world.command(actor, "mode", {"mode": "peer"}))


@when(step("{actor:Actor} proposes mentoring with {mentor:Name} as the mentor"))
def proposes_mentoring(world: World, actor: str, mentor: str) -> None:
    world.command(actor, "mode", {"mode": "mentoring", "mentor_id": world.people[mentor].id})


@when(step("{actor:Actor} agrees to the change of mode"))
def agrees(world: World, actor: str) -> None:
    world.command(actor, "mode/agree", {})


@given("they have become peers")
def have_become_peers(world: World) -> None:
    succeeded(world.command(world.invitee, "mode", {"mode": "peer"}))
    succeeded(world.command(world.requester, "mode/agree", {}))


@then("they are peers, with neither mentor nor mentee")
def are_peers(world: World) -> None:
    taken(world.answer)
    state = world.state()
    assert state["mode"] == "peer", state
    assert state["mentor_id"] is None, state
    assert state["mentee_id"] is None, state
    assert state["mode_proposal"] is None or state["mode_proposal"]["proposed_by"] is None, state


@then(step("{name:Name}'s proposal to continue as peers awaits agreement"))
def peer_proposal_awaits(world: World, name: str) -> None:
    taken(world.answer)
    proposal = world.state()["mode_proposal"]
    assert proposal is not None, proposal
    assert proposal["proposed_by"] == world.people[name].id, proposal
    assert proposal["mode"] == "peer", proposal


def assert_mentors(world: World, mentor: str, mentee: str) -> None:
    state = world.state()
    assert state["mode"] == "mentoring", state
    assert state["mentor_id"] == world.people[mentor].id, state
    assert state["mentee_id"] == world.people[mentee].id, state


@then(step("{mentor:Name} mentors {mentee:Name}"))
def mentors(world: World, mentor: str, mentee: str) -> None:
    taken(world.answer)
    assert_mentors(world, mentor, mentee)


@then(step("{mentor:Name} still mentors {mentee:Name}"))
def still_mentors(world: World, mentor: str, mentee: str) -> None:
    assert_mentors(world, mentor, mentee)
