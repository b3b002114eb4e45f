"""Agreeing boundaries: proposing, agreeing, and renegotiating while the old stay in force."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import boundaries_body, step
from tests.support.moments import parse_time
from tests.support.scenario import World, succeeded, taken

scenarios("boundaries.feature")


@when(step("{actor:Actor} proposes to meet every {days:d} days by {channel:Word}"))
def proposes(world: World, actor: str, days: int, channel: str) -> None:
    world.command(actor, "boundaries", boundaries_body(days, channel))


@when(
    step(
        "{actor:Actor} proposes to meet every {days:d} days by {channel:Word}, "
        'keeping "{topic:Text}" confidential'
    )
)
def proposes_confidential(world: World, actor: str, days: int, channel: str, topic: str) -> None:
    world.command(actor, "boundaries", boundaries_body(days, channel, topic))


@when(step("{actor:Actor} agrees to the proposed boundaries"))
def agrees(world: World, actor: str) -> None:
    world.command(actor, "boundaries/agree", {})


@given(step("{actor:Actor} has agreed to the proposed boundaries"))
def has_agreed(world: World, actor: str) -> None:
    succeeded(world.command(actor, "boundaries/agree", {}))


@given(step("they have agreed to meet every {days:d} days by {channel:Word}"))
def have_agreed(world: World, days: int, channel: str) -> None:
    succeeded(world.command(world.requester, "boundaries", boundaries_body(days, channel)))
    succeeded(world.command(world.invitee, "boundaries/agree", {}))


def boundaries(world: World) -> dict[str, Any]:
    found: dict[str, Any] = world.state()["boundaries"]
    return found


def open_proposal(proposed: dict[str, Any] | None) -> bool:
    return proposed is not None and proposed.get("proposed_by") is not None


@then(step("the boundaries in force are every {days:d} days by {channel:Word}"))
def in_force(world: World, days: int, channel: str) -> None:
    succeeded(world.answer)
    current = boundaries(world)["in_force"]
    assert current is not None, boundaries(world)
    assert current["meeting_every_days"] == days, current
    assert current["channel"] == channel, current
    assert parse_time(current["agreed_at"]), current


@then(step('"{topic:Text}" is kept confidential'))
def kept_confidential(world: World, topic: str) -> None:
    assert boundaries(world)["in_force"]["confidential_topics"] == [topic]


@then("no proposal awaits agreement")
def no_proposal(world: World) -> None:
    assert not open_proposal(boundaries(world)["proposed"]), boundaries(world)


@then("no boundaries are in force yet")
def none_in_force(world: World) -> None:
    assert boundaries(world)["in_force"] is None, boundaries(world)


@then(step("{name:Name}'s proposal to meet every {days:d} days by {channel:Word} awaits agreement"))
def proposal_awaits(world: World, name: str, days: int, channel: str) -> None:
    taken(world.answer)
    proposed = boundaries(world)["proposed"]
    assert open_proposal(proposed), boundaries(world)
    assert proposed["proposed_by"] == world.people[name].id, proposed
    assert proposed["meeting_every_days"] == days, proposed
    assert proposed["channel"] == channel, proposed
