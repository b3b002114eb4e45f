"""Careless, stale and repeated input: clear refusals, and nothing recorded that should not be."""

from __future__ import annotations

import json

from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import boundaries_body, step
from tests.support.scenario import World, succeeded

scenarios("bad_input.feature")


def send_proposal(world: World, actor: str, data: bytes, content_type: str) -> None:
    world.note_version()
    answer = world.api.request(
        "POST",
        f"{world.path}/boundaries",
        token=world.token(actor),
        data=data,
        headers={"Content-Type": content_type},
    )
    world.record(answer)


@when(step("{actor:Actor} sends a proposal to meet every {days:d} days by {channel:Word}"))
def sends_proposal(world: World, actor: str, days: int, channel: str) -> None:
    data = json.dumps(boundaries_body(days, channel)).encode()
    send_proposal(world, actor, data, "application/json")


@when(step("{actor:Actor} sends a proposal that is cut off halfway"))
def sends_garbled_proposal(world: World, actor: str) -> None:
    data = json.dumps(boundaries_body(14, "video")).encode()
    send_proposal(world, actor, data[: len(data) // 2], "application/json")


@when(step("{actor:Actor} sends a proposal as plain text"))
def sends_plain_text(world: World, actor: str) -> None:
    send_proposal(world, actor, b"every 14 days by video", "text/plain")


@when(step("{actor:Actor} proposes boundaries with {field:Word} set to {value}"))
def proposes_with(world: World, actor: str, field: str, value: str) -> None:
    world.note_version()
    body = boundaries_body(14, "video") | {field: json.loads(value)}
    world.command(actor, "boundaries", body)


@then("the proposal is taken")
def proposal_taken(world: World) -> None:
    body = succeeded(world.answer, 200)
    assert "position" in body, body
    assert body["boundaries"]["proposed"]["proposed_by"] is not None, body
    assert world.state()["version"] == body["version"], body


@when(step('{actor:Actor} schedules a meeting for "{moment:Text}" without an offset'))
def schedules_without_offset(world: World, actor: str, moment: str) -> None:
    world.schedule(actor, scheduled_for=moment)


@when(step("{actor:Actor} adds a goal described in {count:d} characters"))
def adds_huge_goal(world: World, actor: str, count: int) -> None:
    world.note_version()
    world.command(actor, "goals", {"text": "x" * count})


@given(step("{actor:Actor} has read the relationship"))
def has_read(world: World, actor: str) -> None:
    answer = world.read(actor)
    state = succeeded(answer, 200)
    assert answer.headers.get("etag") == f'"{state["version"]}"', answer.headers
    world.etags[actor] = answer.headers["etag"]


@when(
    step(
        "{actor:Actor} proposes to meet every {days:d} days by {channel:Word}, "
        "on the version he read"
    )
)
def proposes_if_match(world: World, actor: str, days: int, channel: str) -> None:
    world.note_version()
    headers = {"If-Match": world.etags[actor]}
    world.command(actor, "boundaries", boundaries_body(days, channel), headers=headers)


@given(step('{actor:Actor} has scheduled a meeting, saying it is attempt "{key:Text}"'))
def has_scheduled_with_key(world: World, actor: str, key: str) -> None:
    succeeded(world.schedule(actor, headers={"Idempotency-Key": key}), 201)


@when(step('{actor:Actor} schedules the same meeting again, saying it is attempt "{key:Text}"'))
def schedules_again(world: World, actor: str, key: str) -> None:
    world.note_version()
    world.schedule(actor, headers={"Idempotency-Key": key})


@when(step('{actor:Actor} schedules a longer meeting, saying it is attempt "{key:Text}"'))
def schedules_longer(world: World, actor: str, key: str) -> None:
    world.note_version()
    world.schedule(actor, minutes=90, headers={"Idempotency-Key": key})


@then("he gets the same answer as the first time")
def same_answer(world: World) -> None:
    first, again = world.answers[-2:]
    assert again.status == first.status, (first, again)
    assert again.body == first.body, (first.body, again.body)


@then("only one meeting is scheduled")
def one_meeting(world: World) -> None:
    assert len(world.state()["meetings"]) == 1, world.state()["meetings"]


@then("nothing new is recorded")
def nothing_recorded(world: World) -> None:
    assert world.noted_version is not None, "no version was noted before acting"
    assert world.state()["version"] == world.noted_version
