"""Goals: named in the request, added and achieved by either party while active."""

from __future__ import annotations

import uuid
from typing import Any

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import step
from tests.support.moments import parse_time
from tests.support.scenario import World, succeeded, taken

scenarios("goals.feature")


def goals(world: World) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = world.state()["goals"]
    return found


def achieve(world: World, actor: str, text: str) -> None:
    world.command(actor, f"goals/{world.goal_id(text)}/achieve", {"note": "Done at last."})


@when(
    step(
        '{actor:Actor} asks {invitee:Name} for mentoring with the goals "{first:Text}" '
        'and "{second:Text}"'
    )
)
def asks_with_goals(world: World, actor: str, invitee: str, first: str, second: str) -> None:
    world.ask(actor, world.people[invitee].id, "mentoring", goals=[first, second])


@when(step("{actor:Actor} asks {invitee:Name} for mentoring with {count:d} goals"))
def asks_with_goal_count(world: World, actor: str, invitee: str, count: int) -> None:
    named = [f"Goal number {n}" for n in range(1, count + 1)]
    world.ask(actor, world.people[invitee].id, "mentoring", goals=named)


@when(step('{actor:Actor} adds the goal "{text:Text}"'))
def adds_goal(world: World, actor: str, text: str) -> None:
    world.command(actor, "goals", {"text": text})


@when(step("{actor:Actor} adds a goal without saying what it is"))
def adds_goal_without_text(world: World, actor: str) -> None:
    world.command(actor, "goals", {})


@when(step('{actor:Actor} marks the goal "{text:Text}" achieved'))
def marks_achieved(world: World, actor: str, text: str) -> None:
    achieve(world, actor, text)


@given(step('{actor:Actor} has marked the goal "{text:Text}" achieved'))
def has_marked_achieved(world: World, actor: str, text: str) -> None:
    achieve(world, actor, text)
    succeeded(world.answer)


@when(step("{actor:Actor} marks a goal that was never set as achieved"))
def achieves_unknown_goal(world: World, actor: str) -> None:
    with world.not_through_the_browser("a page shows only goals that exist, each its form"):
        world.command(actor, f"goals/{uuid.uuid4()}/achieve", {})


@then(step('the goals are "{first:Text}" and "{second:Text}", none achieved yet'))
def goals_are(world: World, first: str, second: str) -> None:
    succeeded(world.answer, 201)
    listed = goals(world)
    assert [goal["text"] for goal in listed] == [first, second], listed
    assert all(goal["achieved_at"] is None for goal in listed), listed
    assert len({goal["id"] for goal in listed}) == 2, listed


@then(step("the relationship has {count:d} goals"))
def goal_count(world: World, count: int) -> None:
    assert len(goals(world)) == count


@then(step('the goals include "{text:Text}", not yet achieved'))
def goals_include(world: World, text: str) -> None:
    taken(world.answer)
    matching = [goal for goal in goals(world) if goal["text"] == text]
    assert len(matching) == 1, goals(world)
    assert matching[0]["achieved_at"] is None, matching


@then(step('the goal "{text:Text}" is achieved'))
def goal_achieved(world: World, text: str) -> None:
    taken(world.answer)
    matching = [goal for goal in goals(world) if goal["text"] == text]
    assert len(matching) == 1, goals(world)
    assert matching[0]["achieved_at"] is not None, matching
    assert parse_time(matching[0]["achieved_at"]), matching
