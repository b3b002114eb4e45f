"""Steps shared by every feature: the world, setting it up, acting in it, and refusals.

The steps run three ways: in-process through the API (the default), against a live server's
API (TANDEM_BASE_URL, as tests/e2e does), and `--through=browser`: the features of a
relationship's life (BROWSER_FEATURES) as people live them, on the web app's pages in Chromium
(tests/support/browser_world.py), one app server and one browser page for the whole session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, then, when
from pytest_bdd.parser import Feature, Scenario, Step

from services.store import Store
from tests.support.api import ApiClient, HttpTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.browser import CHROMIUM, MISSING, chromium, through_the_browser
from tests.support.browser_world import (
    BROWSER_FEATURES,
    NOT_A_PARTICIPANTS_PAGE,
    TALLY,
    BrowserWorld,
    session_cookie,
)
from tests.support.gherkin import ATTEMPTS, DEEDS, REFUSALS, boundaries_body, step
from tests.support.local_server import LocalServer
from tests.support.moments import parse_time
from tests.support.scenario import PageAnswer, World, assert_refused, succeeded, taken
from tests.support.tampering import sealed


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    if through_the_browser(request.config):
        served, app = request.getfixturevalue("served_app")
        return BrowserWorld(
            ApiClient(HttpTransport(served.url), TEST_SECRET),
            page=request.getfixturevalue("browser_page"),
            url=served.url,
            session_cookie=lambda sub, roles, name: session_cookie(app, sub, roles, name),
        )
    return World(request.getfixturevalue("api"))


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalServer, Any]]:
    """One app for the session, on SQLite, served on loopback: each scenario has its own
    programme and people, so scenarios share it as they share a live server."""
    app = app_for_tests(Store.sqlite(tmp_path_factory.mktemp("through-the-browser")), TEST_SECRET)
    try:
        with LocalServer(app) as served:
            yield served, app
    finally:
        app.extensions["services"].close()


@pytest.fixture(scope="session")
def browser_page() -> Iterator[Any]:
    """One Chromium page for the session: each scenario signs its people in afresh."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        yield context.new_page()
        context.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not through_the_browser(config):
        return
    skip = pytest.mark.skip(reason=NOT_A_PARTICIPANTS_PAGE)
    here = Path(__file__).parent
    for item in items:
        feature = item.path.stem.removeprefix("test_")
        if item.path.parent == here and feature not in BROWSER_FEATURES:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if through_the_browser(config) and TALLY:
        terminalreporter.section("what people did in the `When` steps, through the browser")
        for how, count in sorted(TALLY.items()):
            terminalreporter.write_line(f"{count:5d}  {how}")


def pytest_bdd_before_step_call(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    step_func: Callable[..., Any],
    step_func_args: dict[str, Any],
) -> None:
    """Through the browser, `When` steps act on the pages; the others arrange and check."""
    if through_the_browser(request.config):
        world = request.getfixturevalue("world")
        if isinstance(world, BrowserWorld):
            world.phase = step.type


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
    # Through the browser, the form lists only others enrolled with the asker: asking oneself,
    # or someone not enrolled, is found not offered, then refused by the API.
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
    # Through the browser, what the rules forbid that person now is not offered on the page:
    # the browser's world checks so, then the API's refusal is what the `Then` step reads.
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
    if isinstance(answer, PageAnswer):  # the page marks the field, saying what is wrong there
        assert field in answer.invalid, answer
        return
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
    answer = taken(world.answer)
    assert answer.get("status") == status, answer
    assert world.state()["status"] == status


@then(step("the relationship is still {status:Status}"))
def relationship_still(world: World, status: str) -> None:
    assert world.state()["status"] == status


@then(step("the request waits for {invitee:Name}'s answer"))
def request_waits(world: World, invitee: str) -> None:
    answer = world.answer
    body = taken(answer, 201)
    where = answer.location if isinstance(answer, PageAnswer) else answer.headers.get("location")
    assert (where or "").endswith(f"/relationships/{body['id']}"), answer
    assert body["status"] == "requested", body
    assert body["invitee_id"] == world.people[invitee].id, body
    state = world.state(invitee)
    assert state["status"] == "requested", state
    assert state["requester_id"] == world.people[world.requester].id, state


@then(step("a video meeting of {minutes:d} minutes is scheduled for next week"))
def meeting_scheduled(world: World, minutes: int) -> None:
    meeting = taken(world.answer, 201)
    for key in ("id", "version"):
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
