"""Steps shared by every feature: the world, setting it up, acting in it, and refusals."""

from __future__ import annotations

import pytest
from pytest_bdd import given, then, when

from services.store import Store
from tests.support.api import ApiClient
from tests.support.gherkin import ATTEMPTS, DEEDS, REFUSALS, boundaries_body, step
from tests.support.moments import parse_time
from tests.support.scenario import World, assert_refused, succeeded
from tests.support.tampering import sealed


@pytest.fixture
def world(api: ApiClient) -> World:
    return World(api)


# --- programmes and people ------------------------------------------------------------------


@given(step('the "{programme:Text}" programme'))
def a_programme(world: World, programme: str) -> None:
    world.create_programme(programme)


@given(step("{name:Name} is enrolled as {roles}"))
def enrolled(world: World, name: str, roles: str) -> None:
    wanted = [role.removeprefix("a ").removeprefix("an ") for role in roles.split(" and ")]
    world.enrol(name, wanted)


@given(step('{mentor:Name} mentors {mentee:Name} in the "{programme:Text}" programme'))
def mentoring(world: World, mentor: str, mentee: str, programme: str) -> None:
    world.create_programme(programme)
    world.enrol(mentor, ["mentor"])
    world.enrol(mentee, ["mentee"])
    succeeded(world.ask(mentee, world.people[mentor].id, "mentoring"), 201)
    succeeded(world.command(mentor, "accept"))


@given(step('{first:Name} and {second:Name} are peers in the "{programme:Text}" programme'))
def peers(world: World, first: str, second: str, programme: str) -> None:
    world.create_programme(programme)
    world.enrol(first, ["peer"])
    world.enrol(second, ["peer"])
    succeeded(world.ask(first, world.people[second].id, "peer"), 201)
    succeeded(world.command(second, "accept"))


@given(
    step(
        "{requester:Name} has asked {invitee:Name} for mentoring, "
        "and the relationship is now {status:Status}"
    )
)
def asked_for_mentoring(world: World, requester: str, invitee: str, status: str) -> None:
    if world.programme_name is None:
        world.create_programme("Graduate Engineers")
    world.enrol(requester, ["mentee"])
    world.enrol(invitee, ["mentor"])
    succeeded(world.ask(requester, world.people[invitee].id, "mentoring"), 201)
    world.bring_to(status)


@given(step("the relationship is now {status:Status}"))
def relationship_now(world: World, status: str) -> None:
    world.bring_to(status)


# --- commands, as When (answer kept) and as Given (must succeed) ---------------------------


@when(step("{actor:Actor} asks {invitee:Name} for mentoring"))
def asks_for_mentoring(world: World, actor: str, invitee: str) -> None:
    world.ask(actor, world.people[invitee].id, "mentoring")


@when(step("{actor:Actor} schedules a video meeting next week lasting {minutes:d} minutes"))
def schedules_meeting(world: World, actor: str, minutes: int) -> None:
    world.schedule(actor, minutes)


@given(step("{actor:Actor} has scheduled a meeting"))
def has_scheduled_meeting(world: World, actor: str) -> None:
    succeeded(world.schedule(actor), 201)


@given(step("{actor:Actor} has marked the meeting held"))
def has_held_meeting(world: World, actor: str) -> None:
    succeeded(world.command(actor, f"meetings/{world.meeting}/held", {}))


@given(step('{actor:Actor} has marked the meeting held with the summary "{summary:Text}"'))
def has_held_meeting_with_summary(world: World, actor: str, summary: str) -> None:
    succeeded(world.command(actor, f"meetings/{world.meeting}/held", {"summary": summary}))


@given(step("{actor:Actor} has proposed to meet every {days:d} days by {channel:Word}"))
def has_proposed_boundaries(world: World, actor: str, days: int, channel: str) -> None:
    succeeded(world.command(actor, "boundaries", boundaries_body(days, channel)))


@given(
    step(
        "{actor:Actor} has proposed to meet every {days:d} days by {channel:Word}, "
        'keeping "{topic:Text}" confidential'
    )
)
def has_proposed_confidential_boundaries(
    world: World, actor: str, days: int, channel: str, topic: str
) -> None:
    succeeded(world.command(actor, "boundaries", boundaries_body(days, channel, topic)))


@given(step('{actor:Actor} has added the goal "{text:Text}"'))
def has_added_goal(world: World, actor: str, text: str) -> None:
    succeeded(world.command(actor, "goals", {"text": text}))


@when(step('{actor:Actor} pauses the relationship because "{reason:Text}"'))
def pauses(world: World, actor: str, reason: str) -> None:
    world.command(actor, "pause", {"reason": reason})


@when(step("{actor:Actor} tries to {attempt}"))
def tries_to(world: World, actor: str, attempt: str) -> None:
    assert attempt in ATTEMPTS, f"no way to {attempt!r}; known: {sorted(ATTEMPTS)}"
    ATTEMPTS[attempt](world, actor)


# --- outcomes -------------------------------------------------------------------------------


@then(step("it is refused because {reason}"))
def refused_because(world: World, reason: str) -> None:
    assert reason in REFUSALS, f"no refusal phrased {reason!r}; known: {sorted(REFUSALS)}"
    assert_refused(world.answer, *REFUSALS[reason])


@then(step('it is refused, naming "{field:Text}" as invalid'))
def refused_naming(world: World, field: str) -> None:
    answer = world.answer
    assert_refused(answer, 422)
    errors = answer.body.get("errors")
    assert isinstance(errors, dict), f"422 without an errors map: {answer.body}"
    assert field in errors, f"expected errors for {field!r}, got {errors}"
    messages = errors[field]
    assert isinstance(messages, list), errors
    assert messages, errors
    assert all(isinstance(message, str) for message in messages), errors


@then("it is not allowed")
def not_allowed(world: World) -> None:
    assert_refused(world.answer, 403)


@then(step("it is refused as though there were no such {thing}"))
def no_such(world: World, thing: str) -> None:
    assert_refused(world.answer, 404)


@then(step("the relationship is {status:Status}"))
def relationship_is(world: World, status: str) -> None:
    answer = succeeded(world.answer)
    assert "position" in answer, f"a command answer without position: {answer}"
    assert answer.get("status") == status, answer
    assert world.state()["status"] == status


@then(step("the relationship is still {status:Status}"))
def relationship_still(world: World, status: str) -> None:
    assert world.state()["status"] == status


@then(step("the request waits for {invitee:Name}'s answer"))
def request_waits(world: World, invitee: str) -> None:
    answer = world.answer
    body = succeeded(answer, 201)
    assert "position" in body, body
    assert answer.headers.get("location", "").endswith(f"/api/relationships/{body['id']}"), (
        answer.headers
    )
    assert body["status"] == "requested", body
    assert body["invitee_id"] == world.people[invitee].id, body
    state = world.state(invitee)
    assert state["status"] == "requested", state
    assert state["requester_id"] == world.people[world.requester].id, state


@then(step("a video meeting of {minutes:d} minutes is scheduled for next week"))
def meeting_scheduled(world: World, minutes: int) -> None:
    meeting = succeeded(world.answer, 201)
    for key in ("id", "position", "version"):
        assert key in meeting, f"the new meeting answer lacks {key!r}: {meeting}"
    assert meeting["relationship_id"] == world.relationship_id, meeting
    assert meeting["status"] == "scheduled", meeting
    assert meeting["duration_minutes"] == minutes, meeting
    assert meeting["mode"] == "video", meeting
    assert parse_time(meeting["scheduled_for"]) == world.next_week, meeting
    stored = [m for m in world.state()["meetings"] if m["id"] == meeting["id"]]
    assert len(stored) == 1, world.state()["meetings"]
    assert stored[0]["status"] == "scheduled", stored


@then("the history shows, in order")
def history_shows(world: World, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["who", "what"], header
    expected = [(world.sub(who), DEEDS[what]) for who, what in rows]
    events = world.history()
    versions = [event["version"] for event in events]
    assert versions == list(range(1, len(events) + 1)), versions
    remaining = iter((event["actor_id"], event["type"]) for event in events)
    for deed in expected:
        assert any(seen == deed for seen in remaining), (
            f"{deed} not found in order in {[(e['actor_id'], e['type']) for e in events]}"
        )


# --- a history's seal (auditing, personal data) ----------------------------------------------


@given("the relationship's history has been sealed")
def history_sealed(world: World) -> None:
    assert world.relationship_id is not None
    sealed(world.api, world.relationship_id, world.token("an auditor"))


@when("an auditor checks the relationship's history")
def checks_history(world: World) -> None:
    path = f"{world.path}/history/verification"
    world.record(world.api.get(path, token=world.token("an auditor")))


@then("the history is complete and unaltered")
def complete_and_unaltered(world: World) -> None:
    found = succeeded(world.answer, 200)
    assert (found["intact"], found["problem"], found["first_bad_version"]) == (True, None, None)
    assert found["sealed_version"] == found["events"] == len(world.history("an auditor"))


@pytest.fixture(autouse=True)
def every_scenario_runs_on_each_store(store: Store) -> Store:
    """Steps reach the API lazily; naming the store here runs each scenario on both stores."""
    return store
