"""Feedback: both ways between the parties, about four things, sometimes on a meeting."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from tests.support.gherkin import step
from tests.support.moments import parse_time
from tests.support.scenario import World, succeeded, taken

scenarios("feedback.feature")


@when(step('{actor:Actor} gives feedback about {about}: "{content:Text}"'))
def gives_feedback(world: World, actor: str, about: str, content: str) -> None:
    # Through the browser, "the weather" is no choice on the form: the browser's world finds it
    # not offered, and the API's refusal names the field.
    world.command(actor, "feedback", {"about": about, "content": content})


@when(step('{actor:Actor} gives feedback on that meeting about {about}: "{content:Text}"'))
def gives_feedback_on_meeting(world: World, actor: str, about: str, content: str) -> None:
    body = {"about": about, "content": content, "meeting_id": world.meeting}
    world.command(actor, "feedback", body)


@then(step('{receiver:Name} has feedback from {giver:Name} about {about}: "{content:Text}"'))
def has_feedback(world: World, receiver: str, giver: str, about: str, content: str) -> None:
    taken(world.answer)
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
    taken(world.answer)
    feedback = world.state()["feedback"]
    assert [item["meeting_id"] for item in feedback] == [world.meeting], feedback


@given(step("{giver:Name} has given {receiver:Name} {count:d} pieces of feedback"))
def has_given_feedback(world: World, giver: str, receiver: str, count: int) -> None:
    for n in range(1, count + 1):
        body = {"about": "performance", "content": f"Note {n}"}
        given_to = succeeded(world.command(giver, "feedback", body))["feedback"][-1]["to_id"]
        assert given_to == world.people[receiver].id


@when(step("{reader:Name} reads the relationship"))
def reads_the_relationship(world: World, reader: str) -> None:
    world.look(reader)


@then(
    parsers.parse(
        "he sees the {shown:d} most recent pieces of feedback, and that there are {total:d} in all"
    )
)
def sees_the_most_recent(world: World, shown: int, total: int) -> None:
    state = succeeded(world.answer, 200)
    contents = [item["content"] for item in state["feedback"]]
    assert contents == [f"Note {n}" for n in range(total - shown + 1, total + 1)], contents
    assert state["feedback_total"] == total, state["feedback_total"]


@then(
    step(
        "reading them all {limit:d} at a time, {reader:Name} gets each of the {total:d} once, "
        "oldest first"
    )
)
def reads_them_all(world: World, limit: int, reader: str, total: int) -> None:
    # Through the API in every way of running: the page shows the most recent pieces, and
    # paging through all of them is what a client of the API does, not a person on the page.
    pages: list[Any] = []
    while not pages or pages[-1]["next_cursor"]:
        cursor = f"&cursor={pages[-1]['next_cursor']}" if pages else ""
        path = f"{world.path}/feedback?limit={limit}{cursor}"
        pages.append(succeeded(world.api.get(path, token=world.token(reader)), 200))
    contents = [item["content"] for page in pages for item in page["items"]]
    assert contents == [f"Note {n}" for n in range(1, total + 1)], contents
    assert all(len(page["items"]) <= limit for page in pages), [len(p["items"]) for p in pages]
