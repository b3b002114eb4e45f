"""Every page of the app in both languages, as each kind of person reaches it: `<html lang>`
says which, axe-core finds no serious or critical violation, the CSP is never broken (charts
drawn by the app's own scripts), staff never see private text, and a screenshot of each page
is saved to docs/screenshots/ for the README."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.demo import STAFF
from services.demo.story import AGENDAS, SUMMARIES
from tests.support.demo_world import World, demo_world, screenshot, serious_violations, sign_in_as

# Text only the two parties may read, as the demo's people wrote it.
PRIVATE_TEXT = [
    "I would value learning from you",
    "Happy to.",
    "Glad to: my turn to pass it on",
    "Clear, well-argued points",
    "Very helpful session",
    "Calm under pressure",
    *SUMMARIES,
    *(topic for topics in AGENDAS for topic in topics),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with demo_world(tmp_path_factory.mktemp("every-page")) as served:
        yield served


def _pages(world: World) -> dict[str, list[tuple[str, str]]]:
    """Who sees which pages: (screenshot name, path)."""
    program, active = world.demo.program_id, world.relationship("ACTIVE")
    return {
        STAFF["COORDINATOR"][0]: [
            ("coordinator-home", "/app/"),
            ("programme", f"/app/programs/{program}"),
            ("programme-as-of", f"/app/programs/{program}?as_of={world.demo.as_of:%Y-%m-%d}"),
            ("relationships", f"/app/programs/{program}/relationships"),
            ("relationship-coordinator", f"/app/relationships/{active}"),
            ("relationship-past", f"/app/relationships/{active}?version=6"),
        ],
        STAFF["AUDITOR"][0]: [
            ("auditor-home", "/app/"),
            ("audit", "/app/audit"),
            ("verification", f"/app/audit/verification?relationship_id={active}"),
            ("relationship-auditor", f"/app/relationships/{world.relationship('PEER')}"),
        ],
        "Budi": [
            ("participant-home", "/app/"),
            ("relationship-participant", f"/app/relationships/{active}"),
            ("not-found", f"/app/programs/{program}"),
        ],
    }


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_page_is_accessible_in_both_languages_and_shows_staff_no_private_text(
    browser: Any, world: World, lang: str
) -> None:
    broken: list[str] = []
    violations: dict[str, Any] = {}
    leaks: list[str] = []

    def visit(page: Any, name: str, path: str, staff: bool) -> None:
        page.goto(f"{world.url}{path}")
        assert page.locator("html").get_attribute("lang") == lang, name
        if page.locator("canvas[data-chart]").count():
            page.wait_for_selector("canvas[data-chart][data-drawn]")
        found = serious_violations(page)
        if found:
            violations[name] = found
        text = page.locator("body").inner_text()
        leaks.extend(f"{name}: {t}" for t in PRIVATE_TEXT if staff and t in text)
        screenshot(page, f"{name}-{lang}")

    locale = {"en": "en-GB", "id": "id-ID"}[lang]  # the browser's own widgets (dates) follow it
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    try:
        page = context.new_page()
        page.on("console", lambda m: broken.append(m.text) if m.type == "error" else None)
        page.goto(f"{world.url}/app/sign-in?lang={lang}")
        visit(page, "sign-in", f"/app/sign-in?lang={lang}", staff=False)
        for who, pages in _pages(world).items():
            context.clear_cookies()
            sign_in_as(page, world, who, lang)
            for name, path in pages:
                visit(page, name, path, staff=who in dict(STAFF.values()))
    finally:
        context.close()

    assert violations == {}
    assert leaks == []
    assert [m for m in broken if "Content Security Policy" in m or "Refused" in m] == []
