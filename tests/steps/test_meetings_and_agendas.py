"""Meetings and agendas: scheduling, the mentee's agenda, holding or cancelling once."""

from __future__ import annotations

import uuid
from typing import Any

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import step
from tests.support.moments import parse_time
from tests.support.scenario import World, succeeded, taken

scenarios("meetings_and_agendas.feature")


def agenda_body(topic: str) -> dict[str, Any]:
    return {
        "topics": [topic],
        "progress_reflection": "Better at reviews, still slow to ask for help.",
        "development_areas": ["Asking for help early"],
    }


def the_meeting(world: World) -> dict[str, Any]:
    found: list[dict[str, Any]] = [m for m in world.state()["meetings"] if m["id"] == world.meeting]
    assert len(found) == 1, world.state()["meetings"]
    return found[0]


@when(step('{actor:Actor} prepares the agenda with the topic "{topic:Text}"'))
def prepares_agenda(world: World, actor: str, topic: str) -> None:
    world.command(actor, f"meetings/{world.meeting}/agenda", agenda_body(topic))


@when(step('{actor:Actor} marks the meeting held with the summary "{summary:Text}"'))
def marks_held(world: World, actor: str, summary: str) -> None:
    world.command(actor, f"meetings/{world.meeting}/held", {"summary": summary})


@when(step('{actor:Actor} cancels the meeting because "{reason:Text}"'))
def cancels(world: World, actor: str, reason: str) -> None:
    world.command(actor, f"meetings/{world.meeting}/cancel", {"reason": reason})


@given(step("{actor:Actor} has cancelled the meeting"))
def has_cancelled(world: World, actor: str) -> None:
    succeeded(world.command(actor, f"meetings/{world.meeting}/cancel", {"reason": "Clash."}))


@when(step("{actor:Actor} marks a meeting that was never scheduled as held"))
def holds_unknown_meeting(world: World, actor: str) -> None:
    with world.not_through_the_browser("a page shows only meetings that exist, each its forms"):
        world.command(actor, f"meetings/{uuid.uuid4()}/held", {})


@then(step('the meeting\'s agenda lists the topic "{topic:Text}"'))
def agenda_lists(world: World, topic: str) -> None:
    taken(world.answer)
    agenda = the_meeting(world)["agenda"]
    assert agenda is not None, the_meeting(world)
    assert agenda | agenda_body(topic) == agenda, agenda


@then("the meeting has no agenda yet")
def no_agenda(world: World) -> None:
    assert the_meeting(world)["agenda"] is None


@then(step('the meeting is held, with the summary "{summary:Text}"'))
def meeting_held(world: World, summary: str) -> None:
    taken(world.answer)
    meeting = the_meeting(world)
    assert meeting["status"] == "held", meeting
    assert meeting["summary"] == summary, meeting
    assert parse_time(meeting["held_at"]), meeting


@then("the meeting is cancelled")
def meeting_cancelled(world: World) -> None:
    taken(world.answer)
    assert the_meeting(world)["status"] == "cancelled"


@then(step("the meeting is still {status:Word}"))
def meeting_still(world: World, status: str) -> None:
    assert the_meeting(world)["status"] == status
