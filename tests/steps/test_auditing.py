"""Auditing: whole histories and the programme's trail, exported; tampering found; a
programme's status reproduced as it stood at an earlier moment."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from pytest_bdd import given, scenarios, then, when

from tests.support.contract import PRIVATE_FIELDS
from tests.support.gherkin import DEEDS, step
from tests.support.moments import parse_time, rfc3339
from tests.support.scenario import World, succeeded
from tests.support.scenario_audit import (
    NDJSON,
    Audit,
    counts,
    figures,
    lines_of,
    narrowing,
    status,
    trail,
    whole_trail,
    written,
)
from tests.support.tampering import LIVE, EventStore, sealed

scenarios("auditing.feature")

PROBLEMS = {"altered": "altered", "missing": "missing", "out of order": "reordered"}


@pytest.fixture(autouse=True)
def _in_process_only(request: pytest.FixtureRequest) -> None:
    if LIVE and request.node.get_closest_marker("in_process"):
        pytest.skip("edits the database of an app in this process")


@pytest.fixture
def audit() -> Audit:
    return Audit()


# --- the whole history of one relationship ---------------------------------------------------


@when("an auditor reads the relationship's whole history")
def reads_whole_history(world: World, audit: Audit) -> None:
    audit.history = world.history("an auditor")


@then("it lists every step, in order, with who took it and when")
def lists_every_step(world: World, audit: Audit, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["who", "what"], header
    shown = [(event["actor_id"], event["type"]) for event in audit.history]
    assert shown == [(world.sub(who), DEEDS[what]) for who, what in rows]
    assert [e["version"] for e in audit.history] == list(range(1, len(rows) + 1))
    times = [parse_time(event["occurred_at"]) for event in audit.history]
    assert times == sorted(times), times


@then(step('what the parties wrote reads "{mark:Text}" while the rest is shown'))
def private_withheld(world: World, audit: Audit, mark: str) -> None:
    texts = written(world)
    assert len(texts) >= 3, f"the scenario wrote too little to check: {texts}"
    shown = json.dumps(audit.history)
    assert not [text for text in texts if text in shown], shown
    own = world.history(world.requester)
    for theirs, ours in zip(audit.history, own, strict=True):
        for key, value in ours["data"].items():
            expected = mark if key in PRIVATE_FIELDS and value is not None else value
            assert theirs["data"][key] == expected, (key, theirs, ours)


@when("the auditor exports the relationship's history")
def exports_history(world: World, audit: Audit) -> None:
    path = f"{world.path}/history"
    audit.lines = lines_of(world.api.get(path, token=world.token("an auditor"), headers=NDJSON))


@then("the export holds the same steps as the history, one a line")
def export_is_history(audit: Audit) -> None:
    assert audit.lines == audit.history


# --- the programme's trail ------------------------------------------------------------------


@given(step("the coordinator has paused {first:Name} and {second:Name}'s relationship"))
def coordinator_paused(world: World, first: str, second: str) -> None:
    assert set(world.parties or ()) == {first, second}, world.parties
    succeeded(world.command("the coordinator", "pause", {"reason": "Reported concern"}))


@when(step("an auditor exports the programme's trail"))
def exports_trail(world: World, audit: Audit) -> None:
    audit.everything = whole_trail(world)
    answer = trail(world, NDJSON)
    audit.export_text = answer.body or ""
    audit.lines = lines_of(answer)


@when(step("an auditor exports the programme's trail of {which}"))
def exports_part_of_trail(world: World, audit: Audit, which: str) -> None:
    audit.everything = whole_trail(world)
    query, audit.keep = narrowing(world, which, audit.everything)
    audit.lines = lines_of(trail(world, NDJSON, **query))


@then(
    step(
        "the export lists every step of the programme's {count:d} relationships, "
        "in the order they were taken"
    )
)
def lists_programme(world: World, audit: Audit, count: int) -> None:
    assert audit.lines == audit.everything
    positions = [line["position"] for line in audit.lines]
    assert positions == sorted(set(positions)), positions
    relationships = list(dict.fromkeys(line["relationship_id"] for line in audit.lines))
    assert len(relationships) == count, relationships
    for rid in relationships:
        world.relationship_id = rid
        steps = [
            {k: v for k, v in line.items() if k not in ("position", "relationship_id")}
            for line in audit.lines
            if line["relationship_id"] == rid
        ]
        assert steps == world.history("an auditor"), rid


@then("nothing the parties wrote appears in the export")
def nothing_written_exported(world: World, audit: Audit) -> None:
    texts = written(world)
    assert len(texts) >= 3, f"the scenario wrote too little to check: {texts}"
    assert not [text for text in texts if text in audit.export_text], audit.export_text


@then(step("the export lists exactly {which}, in the order they were taken"))
def lists_exactly(audit: Audit, which: str) -> None:
    expected = [item for item in audit.everything if audit.keep(item)]
    assert 0 < len(expected) < len(audit.everything), f"{which} is not a part of the trail"
    assert audit.lines == expected


# --- tamper evidence ------------------------------------------------------------------------


@given("the relationship's history has been sealed")
def history_sealed(world: World) -> None:
    assert world.relationship_id is not None
    sealed(world.api, world.relationship_id, world.token("an auditor"))


TAMPERING: dict[str, Callable[[EventStore, World], None]] = {
    "put the third step down to Ana instead": lambda store, world: store.rewrite_actor(
        str(world.relationship_id), 3, world.people["Ana"].id
    ),
    "deleted the third step": lambda store, world: store.delete(str(world.relationship_id), 3),
    "swapped the second and fourth steps": lambda store, world: store.swap(
        str(world.relationship_id), 2, 4
    ),
}


@given(step("someone with access to the database has {tampered}"))
def tampered_with(world: World, request: pytest.FixtureRequest, tampered: str) -> None:
    assert tampered in TAMPERING, f"no tampering called {tampered!r}; known: {sorted(TAMPERING)}"
    TAMPERING[tampered](EventStore(request.getfixturevalue("app")), world)


@when("an auditor checks the relationship's history")
def checks_history(world: World) -> None:
    path = f"{world.path}/history/verification"
    world.record(world.api.get(path, token=world.token("an auditor")))


@then("the history is complete and unaltered")
def complete_and_unaltered(world: World) -> None:
    found = succeeded(world.answer, 200)
    assert (found["intact"], found["problem"], found["first_bad_version"]) == (True, None, None)
    assert found["sealed_version"] == found["events"] == len(world.history("an auditor"))


@then(step("the check finds the history {problem} at step {version:d}"))
def found_tampered(world: World, problem: str, version: int) -> None:
    found = succeeded(world.answer, 200)
    assert found["intact"] is False, found
    assert (found["problem"], found["first_bad_version"]) == (PROBLEMS[problem], version), found


# --- the programme's status at an earlier moment ---------------------------------------------


@given("the coordinator noted the programme's status at the end of the quarter")
def noted_status(world: World, audit: Audit) -> None:
    times = [
        a.body["updated_at"]
        for a in world.answers
        if isinstance(a.body, dict) and "updated_at" in a.body
    ]
    # the server's time of the last change
    audit.moment = rfc3339(max(parse_time(t) for t in times))
    audit.noted = succeeded(status(world, "the coordinator"))


@given(step("since then {first:Name} and {second:Name} have concluded their relationship"))
def since_concluded(world: World, first: str, second: str) -> None:
    assert set(world.parties or ()) == {first, second}, world.parties
    world.bring_to("concluded")


@when(step("{actor:Actor} asks for the programme's status as it stood at the end of the quarter"))
def asks_end_of_quarter(world: World, audit: Audit, actor: str) -> None:
    status(world, actor, as_of=audit.moment)


@when(
    "the coordinator asks for the programme's status as it stood the day before the programme began"
)
def asks_before_start(world: World) -> None:
    programme = succeeded(
        world.api.get(f"/api/programs/{world.programme.id}", token=world.programme.coordinator)
    )
    status(
        world,
        "the coordinator",
        as_of=rfc3339(parse_time(programme["created_at"]) - timedelta(days=1)),
    )


@when("the coordinator asks for the programme's status as it will stand tomorrow")
def asks_tomorrow(world: World) -> None:
    status(world, "the coordinator", as_of=rfc3339(datetime.now(UTC) + timedelta(days=1)))


@then("it is exactly the status noted then")
def exactly_as_noted(world: World, audit: Audit) -> None:
    then = succeeded(world.answer, 200)
    assert figures(then) == figures(audit.noted)
    assert then["as_of"] == audit.moment


@then("asking again gives the very same answer")
def same_again(world: World, audit: Audit) -> None:
    first = succeeded(world.answer, 200)
    assert succeeded(status(world, "the coordinator", as_of=audit.moment)) == first


@then("today's status is not the same")
def today_differs(world: World, audit: Audit) -> None:
    assert figures(succeeded(status(world, "the coordinator"))) != figures(audit.noted)


@then("every figure is zero")
def every_figure_zero(world: World) -> None:
    body = succeeded(world.answer, 200)
    assert set(counts(figures(body))) == {0}, body
