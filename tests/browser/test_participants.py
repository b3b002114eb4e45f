"""Participants live their relationships in the browser, on the demo programme: every page they
use is accessible in both languages (axe-core, no serious or critical violation) and saved as a
screenshot; a request is made and answered with the keyboard alone; the demo's Lina and Ana live
a relationship from request to conclusion with JavaScript off, as the README walks it; a form
sent again (its answer lost) records once; a stale page says someone else acted first.

Each other test brings newcomers of its own into the programme, so no test depends on another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from services.demo import STAFF
from tests.support.api import ApiClient, HttpTransport
from tests.support.app import TEST_SECRET
from tests.support.demo_world import World, demo_world, screenshot, serious_violations, sign_in_as

COORDINATOR = STAFF["COORDINATOR"][0]
KEYS = 120  # the most key presses to reach one control
A_RELATIONSHIP = re.compile(r".*/app/relationships/[0-9a-f-]{36}(#.*)?$")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with demo_world(tmp_path_factory.mktemp("participants")) as served:
        yield served


def _api(world: World) -> ApiClient:
    return ApiClient(HttpTransport(world.url), TEST_SECRET)


def newcomers(world: World, **roles: str) -> dict[str, str]:
    """People registered and enrolled in the demo programme now: name -> id."""
    api = _api(world)
    coordinator = api.token(COORDINATOR, ["coordinator"])
    ids = {}
    for name, role in roles.items():
        person = api.post("/api/participants", {"name": name}, token=coordinator).body["id"]
        enrolled = api.post(
            f"/api/programs/{world.demo.program_id}/enrollments",
            {"participant_id": person, "roles": [role]},
            token=coordinator,
        )
        assert enrolled.status == 201, enrolled.body
        ids[name] = person
    return ids


def _history(world: World, relationship: str, reader: str) -> list[str]:
    api = _api(world)
    answer = api.get(
        f"/api/relationships/{relationship}/history", token=api.token(reader, ["participant"])
    )
    return [event["type"] for event in answer.body["events"]]


def _relationship_of(page: Any) -> str:
    return str(page.url.split("/app/relationships/")[1].split("#")[0].split("?")[0])


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_participant_page_is_accessible_in_both_languages(
    browser: Any, world: World, lang: str
) -> None:
    people = newcomers(
        world, **{f"Mentee{lang.upper()}": "mentee", f"Mentor{lang.upper()}": "mentor"}
    )
    mentee, mentor = list(people)
    violations: dict[str, Any] = {}
    broken: list[str] = []

    def check(page: Any, name: str, open_forms: bool = False) -> None:
        if open_forms:
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.locator("html").get_attribute("lang") == lang, name
        found = serious_violations(page)
        if found:
            violations[name] = found
        screenshot(page, f"{name}-{lang}")

    locale = {"en": "en-GB", "id": "id-ID"}[lang]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    try:
        page = context.new_page()
        page.on("console", lambda m: broken.append(m.text) if m.type == "error" else None)
        sign_in_as(page, world, mentee, lang)
        page.goto(f"{world.url}/app/relationships/new")
        check(page, "request-form")
        page.get_by_role(
            "button", name={"en": "Request mentoring", "id": "Minta bimbingan"}[lang]
        ).click()
        expect(page.locator("#refusal")).to_have_attribute("data-problem", "validation")
        check(page, "request-refused")
        page.goto(f"{world.url}/app/relationships/new")
        page.locator("#request-whom").select_option(f"{world.demo.program_id}:{people[mentor]}")
        page.locator("#request-kind-1").check()
        page.locator("#request-goals").fill("Give a conference talk\nWrite a design document")
        page.locator("#request-message").fill("I admire how you explain things.")
        page.locator("#form-request button[type=submit]").click()
        page.wait_for_url(A_RELATIONSHIP)
        relationship = _relationship_of(page)
        check(page, "relationship-requested")
        context.clear_cookies()
        sign_in_as(page, world, mentor, lang)
        check(page, "participant-home-waiting")
        page.goto(f"{world.url}/app/relationships/{relationship}")
        check(page, "relationship-to-answer")
        page.locator("#form-accept button[type=submit]").click()
        expect(page.locator("#version-notice")).to_have_attribute("data-version", "2")
        check(page, "relationship-active", open_forms=True)
        page.locator("#form-add_goal button[type=submit]").click()
        expect(page.locator("#refusal")).to_have_attribute("data-status", "422")
        check(page, "relationship-refused")
        context.clear_cookies()
        sign_in_as(page, world, "Budi", lang)
        page.goto(f"{world.url}/app/relationships/{world.relationship('ACTIVE')}")
        check(page, "relationship-with-meetings", open_forms=True)
        context.clear_cookies()
        sign_in_as(page, world, "Eli", lang)
        page.goto(f"{world.url}/app/relationships/{world.relationship('PAUSED')}")
        check(page, "relationship-paused", open_forms=True)
    finally:
        context.close()

    assert violations == {}
    assert [m for m in broken if "Content Security Policy" in m or "Refused" in m] == []


def _tab_to(page: Any, target: Any) -> None:
    """Presses Tab until the target has the focus, as someone without a mouse would."""
    for _ in range(KEYS):
        if target.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never took the focus in {KEYS} presses of Tab")


def _sign_in_with_keys(page: Any, world: World, name: str) -> None:
    page.goto(f"{world.url}/app/sign-in?lang=en")
    _tab_to(page, page.get_by_role("button", name=f"Sign in as {name}", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{world.url}/app/")


def test_a_request_is_made_and_answered_with_the_keyboard_alone(browser: Any, world: World) -> None:
    people = newcomers(world, Kirana="mentee", Wayan="mentor")
    asking, answering = browser.new_context(), browser.new_context()
    try:
        page = asking.new_page()
        _sign_in_with_keys(page, world, "Kirana")
        _tab_to(page, page.get_by_role("link", name="Request mentoring"))
        page.keyboard.press("Enter")
        page.wait_for_url("**/app/relationships/new")
        _tab_to(page, page.get_by_label("Whom you ask"))
        page.keyboard.type("Wayan")
        _tab_to(page, page.get_by_label("Mentoring: they mentor you"))
        page.keyboard.press("Space")
        _tab_to(page, page.get_by_label("Your goals"))
        page.keyboard.type("Run a planning meeting")
        _tab_to(page, page.get_by_label("Why you ask them"))
        page.keyboard.type("You run the best planning meetings.")
        _tab_to(page, page.get_by_role("button", name="Request mentoring"))
        page.keyboard.press("Enter")
        page.wait_for_url(A_RELATIONSHIP)
        relationship = _relationship_of(page)

        other = answering.new_page()
        _sign_in_with_keys(other, world, "Wayan")
        _tab_to(other, other.get_by_role("link", name="Kirana").first)
        other.keyboard.press("Enter")
        other.wait_for_url(f"**/app/relationships/{relationship}")
        _tab_to(other, other.get_by_label("A word back"))
        other.keyboard.type("Gladly.")
        _tab_to(other, other.locator("#form-accept").get_by_role("button", name="Accept"))
        other.keyboard.press("Enter")
        expect(other.locator("#version-notice")).to_have_attribute("data-version", "2")
    finally:
        asking.close()
        answering.close()

    assert _history(world, relationship, people["Kirana"]) == ["Requested", "Accepted"]


def _signed_in(browser: Any, world: World, name: str, javascript: bool = True) -> Any:
    page = browser.new_context(java_script_enabled=javascript).new_page()
    sign_in_as(page, world, name)
    return page


def _open(page: Any, action: str, part: Any = None) -> Any:
    """The action's form, opened: folded actions open on their summary."""
    form = (part or page).locator(f'form[aria-label="{action}"]')
    folded = form.locator("xpath=ancestor::details[1]")
    if folded.count() and folded.get_attribute("open") is None:
        folded.locator("summary").click()
    return form


def _send(page: Any, action: str, part: Any = None, **fields: str) -> None:
    form = _open(page, action, part)
    for label, value in fields.items():
        field = form.get_by_label(label.replace("_", " "))
        kind = field.evaluate("e => e.tagName + ':' + (e.type || '')")
        if kind.startswith("SELECT"):
            field.select_option(label=value)
        elif kind == "INPUT:radio":
            field.check()
        else:
            field.fill(value)
    form.get_by_role("button", name=action, exact=True).click()
    expect(page.locator(".notice.success")).to_be_visible()


def test_with_javascript_off_lina_and_ana_live_the_readmes_relationship_to_its_conclusion(
    browser: Any, world: World
) -> None:
    """The README's walk, as a newcomer takes it: the demo's mentee Lina and mentor Ana (who
    declined her last quarter), each signed in from the demo list in a browser of their own."""
    lina = _signed_in(browser, world, "Lina", javascript=False)
    ana = _signed_in(browser, world, "Ana", javascript=False)
    try:
        lina.get_by_role("link", name="Request mentoring").click()
        lina.get_by_label("Whom you ask").select_option(label="Ana (mentor)")
        lina.get_by_label("Mentoring: they mentor you").check()
        lina.get_by_label("Your goals").fill("Public speaking")
        lina.get_by_label("Why you ask them").fill("Your calendar may have room now.")
        lina.get_by_role("button", name="Request mentoring").click()
        page = lina.url
        ana.goto(f"{world.url}/app/")
        ana.get_by_role("region", name="Requests waiting for your answer").get_by_role(
            "link", name="Lina"
        ).click()
        _send(ana, "Accept", A_word_back="Happy to, this time.")
        lina.goto(page)
        _send(lina, "Propose boundaries", **{"Meet every (days)": "14", "Channel": "video"})
        ana.goto(page)
        _send(ana, "Agree to boundaries")
        _send(ana, "Add goal", Goal="Speak at the all-hands")
        _send(ana, "Schedule meeting", When="2031-03-04T10:00", Minutes="45", How="video")
        _send(ana, "Schedule meeting", When="2031-03-18T10:00", Minutes="45", How="video")
        lina.goto(page)
        first, second = lina.locator("ol.parts > li").all()
        _send(lina, "Prepare agenda", first, Topics="Timelines", Your_progress="Drafted one.")
        _send(lina, "Cancel meeting", second, Why_it_is_cancelled="Travelling.")
        ana.goto(page)
        _send(ana, "Mark held", ana.locator("ol.parts > li").first, Summary="Went well.")
        _send(ana, "Give feedback", About="performance", Your_feedback="Clear and calm.")
        lina.goto(page)
        _send(lina, "Mark achieved", lina.locator("ul.parts > li").first)
        _send(lina, "Propose mode change", Continue_as_peers="")
        ana.goto(page)
        _send(ana, "Agree to mode change")
        _send(ana, "Pause", Why_you_pause_it="Conference season.")
        lina.goto(page)
        _send(lina, "Resume")
        _send(lina, "Conclude", Outcome="goals met", Your_reflection="I spoke at the all-hands.")
    finally:
        lina.context.close()
        ana.context.close()

    assert _history(world, page.rsplit("/", 1)[-1], world.person("Lina")) == [
        "Requested",
        "Accepted",
        "BoundariesProposed",
        "BoundariesAgreed",
        "GoalAdded",
        "MeetingScheduled",
        "MeetingScheduled",
        "AgendaPrepared",
        "MeetingCancelled",
        "MeetingHeld",
        "FeedbackGiven",
        "GoalAchieved",
        "ModeShiftProposed",
        "ModeShiftAgreed",
        "Paused",
        "Resumed",
        "Concluded",
    ]


def _requested(world: World, mentee: str, mentor: str, people: dict[str, str]) -> str:
    """The mentee has asked the mentor, through the API."""
    api = _api(world)
    body = {
        "program_id": str(world.demo.program_id),
        "invitee_id": people[mentor],
        "kind": "mentoring",
        "goals": ["Estimate work"],
        "message": "Could you help me?",
    }
    asked = api.post("/api/relationships", body, token=api.token(people[mentee], ["participant"]))
    assert asked.status == 201, asked.body
    return str(asked.body["id"])


def test_a_form_sent_again_after_its_answer_was_lost_records_once(
    browser: Any, world: World
) -> None:
    people = newcomers(world, Pia="mentee", Quinn="mentor")
    relationship = _requested(world, "Pia", "Quinn", people)
    api = _api(world)
    quinn_token = api.token(people["Quinn"], ["participant"])
    api.post(f"/api/relationships/{relationship}/accept", {}, token=quinn_token)
    quinn = _signed_in(browser, world, "Quinn")
    lost: list[int] = []

    def lose_the_first_answer(route: Any) -> None:
        if lost:
            route.continue_()
            return
        lost.append(route.fetch(max_redirects=0).status)  # the service records the goal...
        route.abort("connectionreset")  # ...and the browser never hears so

    try:
        quinn.goto(f"{world.url}/app/relationships/{relationship}")
        quinn.route("**/goals", lose_the_first_answer)
        form = _open(quinn, "Add goal")
        form.get_by_label("Goal").fill("Estimate a whole project")
        form.get_by_role("button", name="Add goal").click()
        expect(form.get_by_label("Goal")).to_have_value("Estimate a whole project")

        with quinn.expect_response(lambda r: r.request.method == "POST") as again:
            form.get_by_role("button", name="Add goal").click()  # sent again, as it stands

        expect(quinn.locator(".notice.success").first).to_be_visible()
        expect(quinn.locator("#refusal")).to_have_count(0)
    finally:
        quinn.context.close()

    assert lost == [303]
    assert again.value.status == 303  # its first answer again: taken, not "someone acted first"
    assert _history(world, relationship, people["Pia"]) == ["Requested", "Accepted", "GoalAdded"]


def test_a_stale_page_says_someone_acted_first_and_keeps_what_was_written(
    browser: Any, world: World
) -> None:
    people = newcomers(world, Rani="mentee", Sari="mentor")
    relationship = _requested(world, "Rani", "Sari", people)
    sari = _signed_in(browser, world, "Sari")
    try:
        sari.goto(f"{world.url}/app/relationships/{relationship}")
        form = _open(sari, "Decline")
        form.get_by_label("Why you decline").fill("My calendar is full until June.")
        api = _api(world)
        withdrawn = api.post(
            f"/api/relationships/{relationship}/withdraw",
            {},
            token=api.token(people["Rani"], ["participant"]),
        )
        assert withdrawn.status == 200

        form.get_by_role("button", name="Decline").click()

        refusal = sari.locator("#refusal")
        expect(refusal).to_have_attribute("data-problem", "stale")
        expect(refusal).to_contain_text("Someone else acted on this relationship")
        expect(sari.locator("dl.facts").first).to_contain_text("withdrawn")
        expect(sari.locator(".kept")).to_contain_text("My calendar is full until June.")
        expect(sari.locator('form[aria-label="Decline"]')).to_have_count(0)
    finally:
        sari.context.close()

    assert _history(world, relationship, people["Rani"]) == ["Requested", "Withdrawn"]
