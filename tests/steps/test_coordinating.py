"""Coordinating: a programme's status, check-ins, lineage, spreadsheets, and what stays private.

The views lag the log: every read here waits for the position of the last command answered.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from pytest_bdd import given, scenarios, then, when

from tests.support.api import ApiResponse
from tests.support.contract import PRIVATE_FIELDS
from tests.support.gherkin import step
from tests.support.moments import to_the_second
from tests.support.scenario import World, succeeded

scenarios("coordinating.feature")

STATUSES = "requested active paused declined withdrawn concluded"
# The figures of a programme's status, in the coordinators' words, to where the answer holds them.
FIGURES: dict[str, tuple[str, ...]] = {
    "relationships": ("relationships", "total"),
    **{s: ("relationships", "by_status", s) for s in STATUSES.split()},
    "in mentoring": ("relationships", "by_mode", "mentoring"),
    "between peers": ("relationships", "by_mode", "peer"),
    "meetings held": ("meetings", "held"),
    "meetings cancelled": ("meetings", "cancelled"),
    "meetings coming up": ("meetings", "upcoming"),
    "too early to tell": ("health", "too_early"),
    "on track": ("health", "on_track"),
    "in need of a check-in": ("health", "needs_check_in"),
    "goals set": ("goals", "set"),
    "goals achieved": ("goals", "achieved"),
    "feedback from mentor to mentee": ("feedback", "mentor_to_mentee"),
    "feedback from mentee to mentor": ("feedback", "mentee_to_mentor"),
    "feedback between peers": ("feedback", "between_peers"),
    "shifts to peer support": ("shifts", "to_peer"),
    "shifts back to mentoring": ("shifts", "to_mentoring"),
    "mentees who became mentors": ("mentees_who_became_mentors",),
}
HEALTH = {
    "too early to tell": "too_early",
    "on track": "on_track",
    "in need of a check-in": "needs_check_in",
}


@pytest.fixture
def seen() -> list[ApiResponse]:
    """Everything the coordinator was answered in a scenario."""
    return []


def days_from_now(days: int) -> str:
    return to_the_second(datetime.now(UTC) + timedelta(days=days))


def position(world: World) -> int:
    """The log position of the last command anyone had answered."""
    positions = [
        a.body["position"]
        for a in world.answers
        if isinstance(a.body, dict) and isinstance(a.body.get("position"), int)
    ]
    return max(positions, default=0)


def read(
    world: World, actor: str, path: str, headers: dict[str, str] | None = None, **query: Any
) -> ApiResponse:
    url = f"{path}?{urlencode({'after': position(world), **query})}"
    return world.api.get(url, token=world.token(actor), headers=headers)


def pair(world: World, first: str, second: str) -> set[str]:
    return {world.people[first].id, world.people[second].id}


# --- what happened between the parties ------------------------------------------------------


@given("they have not met yet")
def not_met() -> None:
    """Nothing to do: they were only just accepted."""


@given(step("they last met {days:d} days ago"))
def last_met(world: World, days: int) -> None:
    moment = days_from_now(-days)
    succeeded(world.schedule(world.requester, scheduled_for=moment), 201)
    held = {"held_at": moment, "summary": "What we said stays between us."}
    succeeded(world.command(world.invitee, f"meetings/{world.meeting}/held", held))


@given(step("they last met {days:d} days ago, and meet again in {later:d} days"))
def last_met_and_meet_again(world: World, days: int, later: int) -> None:
    last_met(world, days)
    succeeded(world.schedule(world.requester, scheduled_for=days_from_now(later)), 201)


@given(step("they agreed to meet every {every:d} days and last met {days:d} days ago"))
def agreed_and_last_met(world: World, every: int, days: int) -> None:
    proposal = {"meeting_every_days": every, "channel": "video", "confidential_topics": []}
    succeeded(world.command(world.requester, "boundaries", proposal))
    succeeded(world.command(world.invitee, "boundaries/agree", {}))
    last_met(world, days)


@given("they have a meeting planned for next week")
def meeting_next_week(world: World) -> None:
    succeeded(world.schedule(world.requester), 201)


@given(step("{actor:Name} has cancelled a meeting"))
def has_cancelled_a_meeting(world: World, actor: str) -> None:
    succeeded(world.schedule(actor), 201)
    succeeded(world.command(actor, f"meetings/{world.meeting}/cancel", {"reason": "Ill."}))


@given(step('{actor:Name} has marked the goal "{text:Text}" achieved'))
def has_achieved_goal(world: World, actor: str, text: str) -> None:
    succeeded(world.command(actor, f"goals/{world.goal_id(text)}/achieve", {}))


@given(step("{giver:Name} has given {receiver:Name} feedback"))
def has_given_feedback(world: World, giver: str, receiver: str) -> None:
    content = f"{giver} to {receiver}: your reviews are thorough and kind."
    succeeded(world.command(giver, "feedback", {"about": "performance", "content": content}))


@given("they have continued as peers")
def continued_as_peers(world: World) -> None:
    succeeded(world.command(world.invitee, "mode", {"mode": "peer"}))
    succeeded(world.command(world.requester, "mode/agree", {}))


@given(step("they have returned to mentoring with {mentor:Name} as the mentor"))
def returned_to_mentoring(world: World, mentor: str) -> None:
    proposal = {"mode": "mentoring", "mentor_id": world.people[mentor].id}
    succeeded(world.command(world.requester, "mode", proposal))
    succeeded(world.command(world.invitee, "mode/agree", {}))


# --- what coordinators and participants look at ----------------------------------------------


@when(step("{actor:Actor} looks at the programme's status"))
def looks_at_status(world: World, actor: str, seen: list[ApiResponse]) -> None:
    path = f"/api/programs/{world.programme.id}/status"
    seen.append(world.record(read(world, actor, path)))


@when(step("{actor:Actor} lists the programme's relationships"))
def lists_programme(world: World, actor: str, seen: list[ApiResponse]) -> None:
    answer = read(world, actor, "/api/relationships", program_id=world.programme.id)
    seen.append(world.record(answer))


@when(step("{actor:Actor} lists the relationships they can see"))
def lists_visible(world: World, actor: str) -> None:
    world.record(read(world, actor, "/api/relationships"))


@when(step("{actor:Actor} looks for the relationships that need a check-in"))
def looks_for_check_ins(world: World, actor: str) -> None:
    program_id = world.programme.id
    world.record(read(world, actor, "/api/relationships", program_id=program_id, at_risk="true"))


@when(step("{actor:Actor} exports the programme's relationships as a spreadsheet"))
def exports(world: World, actor: str, seen: list[ApiResponse]) -> None:
    csv_only = {"Accept": "text/csv"}
    answer = read(world, actor, "/api/relationships", csv_only, program_id=world.programme.id)
    seen.append(world.record(answer))


def lineage(world: World, name: str) -> dict[str, Any]:
    """A list read waits for the views first: the lineage takes no position of its own."""
    succeeded(read(world, "the coordinator", "/api/relationships"))
    path = f"/api/participants/{world.people[name].id}/lineage"
    body: dict[str, Any] = succeeded(
        world.record(world.api.get(path, token=world.token("the coordinator")))
    )
    return body


@when(step("the coordinator looks at {name:Name}'s lineage"))
def looks_at_lineage(world: World, name: str) -> None:
    lineage(world, name)


# --- what they find -----------------------------------------------------------------------


@then("the programme's status shows")
def status_shows(world: World, datatable: list[list[str]]) -> None:
    figures = succeeded(world.answer)
    header, *rows = datatable
    assert header == ["figure", "count"], header
    for figure, count in rows:
        assert figure in FIGURES, f"no figure called {figure!r}; known: {sorted(FIGURES)}"
        value: Any = figures
        for key in FIGURES[figure]:
            value = value[key]
        assert value == int(count), f"{figure}: expected {count}, got {value} in {figures}"


@then(step("the programme's status counts {count:d} mentee who became a mentor"))
def status_counts_mentors(world: World, count: int) -> None:
    figures = succeeded(
        read(world, "the coordinator", f"/api/programs/{world.programme.id}/status")
    )
    assert figures["mentees_who_became_mentors"] == count, figures


@then(step("they find only {first:Name} and {second:Name}'s relationship"))
def find_only(world: World, first: str, second: str) -> None:
    items = succeeded(world.answer)["items"]
    assert [set(item["parties"]) for item in items] == [pair(world, first, second)], items


@then("they find no relationships")
def find_none(world: World) -> None:
    assert succeeded(world.answer)["items"] == []


@then(step("{first:Name} and {second:Name}'s relationship is {health}"))
def relationship_is_going(world: World, first: str, second: str, health: str) -> None:
    items = [
        i
        for i in succeeded(world.answer)["items"]
        if set(i["parties"]) == pair(world, first, second)
    ]
    assert len(items) == 1, succeeded(world.answer)
    assert items[0]["health"] == HEALTH[health], items[0]


def ids_of(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["participant_id"] for entry in entries]


@then(step("{name:Name} was mentored by {mentor:Name} and mentors {mentee:Name}"))
def mentored_and_mentors(world: World, name: str, mentor: str, mentee: str) -> None:
    found = succeeded(world.answer)
    assert found["participant_id"] == world.people[name].id, found
    assert ids_of(found["mentored_by"]) == [world.people[mentor].id], found
    assert ids_of(found["mentoring"]) == [world.people[mentee].id], found


@then(step("{name:Name}'s lineage shows {descendant:Name} two generations on"))
def two_generations_on(world: World, name: str, descendant: str) -> None:
    found = lineage(world, name)
    assert {"participant_id": world.people[descendant].id, "generation": 2} in found["descendants"]


@then("nothing the parties wrote appears in what the coordinator saw")
def nothing_private_seen(world: World, seen: list[ApiResponse]) -> None:
    written = private_texts(world.state())
    assert len(written) >= 4, f"the scenario wrote too little to check: {written}"
    assert len(seen) == 3, seen
    for answer in seen:
        assert answer.status == 200, answer
        shown = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
        for text in written:
            assert text not in shown, f"{text!r} shown to the coordinator: {shown[:600]}"


def private_texts(state: Any) -> list[str]:
    """Every private text in a party's full view of the relationship."""
    if isinstance(state, list):
        return [text for value in state for text in private_texts(value)]
    if not isinstance(state, dict):
        return []
    found: list[str] = []
    for key, value in state.items():
        if key in PRIVATE_FIELDS:
            found.extend(v for v in (value if isinstance(value, list) else [value]) if v)
        else:
            found.extend(private_texts(value))
    return found


@then(
    step(
        "the spreadsheet has a header row and one row "
        "for each of the {count:d} relationships, oldest first"
    )
)
def spreadsheet_rows(world: World, count: int) -> None:
    answer = world.answer
    assert answer.status == 200, answer
    assert answer.content_type.startswith("text/csv"), answer.headers
    rows = list(csv.DictReader(io.StringIO(answer.body)))
    assert len(rows) == count, answer.body
    assert {"id", "status", "mode", "health"} <= set(rows[0]), answer.body
    created = [row["created_at"] for row in rows]
    assert created == sorted(created), created
    assert rows[-1]["id"] == world.relationship_id, answer.body
