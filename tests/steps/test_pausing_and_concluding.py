"""Pausing and concluding: by a party or the coordinator; paused waits, ended is read only."""

from __future__ import annotations

from pytest_bdd import scenarios, then, when

from tests.support.gherkin import step
from tests.support.scenario import World, succeeded, taken

scenarios("pausing_and_concluding.feature")


@when(step("{actor:Actor} resumes the relationship"))
def resumes(world: World, actor: str) -> None:
    world.command(actor, "resume", {})


@when(step('{actor:Actor} concludes the relationship with the outcome "{outcome:Text}"'))
def concludes(world: World, actor: str, outcome: str) -> None:
    world.command(actor, "conclude", {"outcome": outcome})


@when(
    step(
        '{actor:Actor} concludes the relationship with the outcome "{outcome:Text}", '
        'reflecting "{reflection:Text}"'
    )
)
def concludes_reflecting(world: World, actor: str, outcome: str, reflection: str) -> None:
    world.command(actor, "conclude", {"outcome": outcome, "reflection": reflection})


@then(step('the relationship is concluded with the outcome "{outcome:Text}"'))
def concluded_with(world: World, outcome: str) -> None:
    body = taken(world.answer)
    assert body["status"] == "concluded", body
    state = world.state()
    assert state["status"] == "concluded", state
    assert state["outcome"] is not None, state
    assert state["outcome"]["outcome"] == outcome, state


@then(
    step('{name:Name} reads the outcome "{outcome:Text}" with the reflection "{reflection:Text}"')
)
def reads_outcome(world: World, name: str, outcome: str, reflection: str) -> None:
    succeeded(world.answer)
    state = world.state(name)
    assert state["outcome"]["outcome"] == outcome, state
    assert state["outcome"]["reflection"] == reflection, state


@then(step("{name:Name} can still read the relationship, which is {status:Status}"))
def still_readable(world: World, name: str, status: str) -> None:
    assert world.state(name)["status"] == status
