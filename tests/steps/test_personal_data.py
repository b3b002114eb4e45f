"""Personal data: a person's copy of what Tandem holds about them, their erasure (and what an
auditor can still verify), and a programme's retention period."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_bdd import given, scenarios, then, when

from tests.support.gherkin import step
from tests.support.scenario import World, succeeded
from tests.support.tampering import LIVE

scenarios("personal_data.feature")

ERASED = "[erased]"


@pytest.fixture
def retained() -> dict[tuple[str, str], str]:
    """The relationships a retention scenario made, by their two parties."""
    return {}


@pytest.fixture(autouse=True)
def _in_process_only(request: pytest.FixtureRequest) -> None:
    if LIVE and request.node.get_closest_marker("in_process"):
        pytest.skip("moves the clock of an app in this process")


def erase(world: World, name: str, reason: str) -> Any:
    path = f"/api/participants/{world.people[name].id}/erasure"
    return world.record(world.api.post(path, {"reason": reason}, token=world.token("an admin")))


def everything_readable(world: World) -> str:
    """Every answer anyone in the scenario gets about the relationship, the trail and people."""
    texts = []
    readers = [*world.people, "the coordinator", "an auditor", "an admin"]
    paths = [world.path, f"{world.path}/history", f"{world.path}/meetings"]
    paths += [f"/api/audit/events?program_id={world.programme.id}&limit=200"]
    paths += [f"/api/participants/{p.id}" for p in world.people.values()]
    paths += [f"/api/participants/{p.id}/export" for p in world.people.values()]
    for reader in readers:
        for path in paths:
            texts.append(json.dumps(world.api.get(path, token=world.token(reader)).body))
    return "\n".join(texts)


# --- a copy of everything -------------------------------------------------------------------


@when(step("{name:Name} asks for a copy of his personal data"))
def asks_for_copy(world: World, name: str) -> None:
    path = f"/api/participants/{world.people[name].id}/export"
    world.record(world.api.get(path, token=world.token(name)))


@then("the copy starts with his name, his address and his programmes")
def copy_starts_with_person(world: World) -> None:
    first = json.loads(succeeded(world.answer).splitlines()[0])
    assert (first["record"], first["name"], first["email"]) == (
        "participant",
        "Budi",
        "budi@example.org",
    )
    assert [p["program_id"] for p in first["programs"]] == [world.programme.id]


@then("it holds every step of his relationship with Ana, with what both of them wrote")
def copy_holds_everything(world: World) -> None:
    lines = [json.loads(line) for line in succeeded(world.answer).splitlines()[1:]]
    steps = [(line["version"], line["type"]) for line in lines]
    history = [(e["version"], e["type"]) for e in world.history("Budi")]
    assert steps == history
    written = json.dumps(lines)
    assert "my health" in written and "Budi talked about his sleep" in written


# --- being forgotten ------------------------------------------------------------------------


@when(step('an admin erases {name:Name} because "{reason:Text}"'))
def admin_erases(world: World, name: str, reason: str) -> None:
    succeeded(erase(world, name, reason))


@given(step('an admin has erased {name:Name} because "{reason:Text}"'))
def admin_has_erased(world: World, name: str, reason: str) -> None:
    succeeded(erase(world, name, reason))


@when(step("{actor:Actor} asks to erase {name:Name} again"))
@when(step("{actor:Actor} asks to erase {name:Name}"))
def asks_to_erase(world: World, actor: str, name: str) -> None:
    path = f"/api/participants/{world.people[name].id}/erasure"
    world.record(world.api.post(path, {"reason": "Asked."}, token=world.token(actor)))


@then(step('{name:Name}\'s name and address read "{mark:Text}" and he is in no programme'))
def name_and_address_erased(world: World, name: str, mark: str) -> None:
    person = succeeded(
        world.api.get(f"/api/participants/{world.people[name].id}", token=world.token("an admin"))
    )
    assert (person["name"], person["email"], person["programs"]) == (mark, mark, [])


@then(step('{name:Name} reads "{mark:Text}" wherever something was written'))
def reads_erased(world: World, name: str, mark: str) -> None:
    state = world.state(name)
    assert state["boundaries"]["proposed"]["confidential_topics"] == [mark]
    (meeting,) = state["meetings"]
    assert meeting["summary"] == mark
    assert state["message"] == mark


@then(step('nobody can find "{first:Text}" or "{second:Text}" anywhere any more'))
def found_nowhere(world: World, first: str, second: str) -> None:
    readable = everything_readable(world)
    assert ERASED in readable
    assert first not in readable and second not in readable


@then(step('the trail says an admin erased it because "{reason:Text}"'))
def trail_says(world: World, reason: str) -> None:
    path = f"/api/audit/events?relationship_id={world.relationship_id}&type=PrivateTextErased"
    deadline = datetime.now(UTC) + timedelta(seconds=5)
    while not (items := succeeded(world.api.get(path, token=world.token("an auditor")))["items"]):
        assert datetime.now(UTC) < deadline, "the erasure never reached the trail"
    (entry,) = items
    assert (entry["actor_id"], entry["data"]["reason"]) == (world.sub("an admin"), reason)


# --- retention ------------------------------------------------------------------------------


@given(step("the programme keeps what was written for {days:d} days"))
def keeps_for(world: World, days: int) -> None:
    body = {"retain_private_text_days": days}
    path = f"/api/programs/{world.programme.id}"
    succeeded(world.api.request("PATCH", path, token=world.programme.coordinator, json_body=body))


@given(
    step(
        "{requester:Name} asked {invitee:Name} for {kind} {asked:d} days ago, "
        "and they concluded {concluded:d} days ago"
    )
)
def concluded_long_ago(
    world: World,
    retained: dict[tuple[str, str], str],
    requester: str,
    invitee: str,
    kind: str,
    asked: int,
    concluded: int,
) -> None:
    from domain import clock

    peer = kind == "peer mentoring"
    world.enrol(requester, ["peer" if peer else "mentee"])
    world.enrol(invitee, ["peer" if peer else "mentor"])
    now = datetime.now(UTC)
    with clock.at(now - timedelta(days=asked)):
        message = f"{requester} would like to learn from {invitee}."
        succeeded(
            world.ask(
                requester,
                world.people[invitee].id,
                "peer" if peer else "mentoring",
                message=message,
            )
        )
        succeeded(world.command(invitee, "accept"))
    with clock.at(now - timedelta(days=concluded)):
        reflection = {"outcome": "goals_met", "reflection": f"{requester} grew a lot."}
        succeeded(world.command(requester, "conclude", reflection))
    assert world.relationship_id is not None
    retained[(requester, invitee)] = world.relationship_id


@when("the programme's retention pass runs")
def retention_runs(request: pytest.FixtureRequest) -> None:
    services = request.getfixturevalue("app").extensions["services"]
    services.projector.catch_up()
    services.retention.run()


def written_in(
    world: World, retained: dict[tuple[str, str], str], requester: str, invitee: str
) -> Any:
    path = f"/api/relationships/{retained[(requester, invitee)]}"
    return succeeded(world.api.get(path, token=world.token(requester)))


@then(step('what {requester:Name} and {invitee:Name} wrote reads "{mark:Text}"'))
def wrote_erased(
    world: World, retained: dict[tuple[str, str], str], requester: str, invitee: str, mark: str
) -> None:
    state = written_in(world, retained, requester, invitee)
    assert (state["message"], state["outcome"]["reflection"]) == (mark, mark)


@then(step("what {requester:Name} and {invitee:Name} wrote is still there"))
def wrote_kept(
    world: World, retained: dict[tuple[str, str], str], requester: str, invitee: str
) -> None:
    state = written_in(world, retained, requester, invitee)
    assert state["message"] == f"{requester} would like to learn from {invitee}."
    assert state["outcome"]["reflection"] == f"{requester} grew a lot."
