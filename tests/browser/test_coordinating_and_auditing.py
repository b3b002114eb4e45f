"""Coordinators and auditors at work in the browser, on the demo programme: the relationships
needing a check-in and their CSV, the programme as it stood on a past date, histories verified
and a tampered one named, and what a participant cannot reach."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from services.demo import STAFF
from tests.support.demo_world import World, demo_world, sign_in_as
from tests.support.tampering import EventStore
from web.auth import mint_token

COORDINATOR = STAFF["COORDINATOR"][0]
AUDITOR = STAFF["AUDITOR"][0]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with demo_world(tmp_path_factory.mktemp("coordinating")) as served:
        yield served


def test_a_coordinator_finds_the_relationships_needing_a_check_in_and_exports_them(
    page: Any, world: World, tmp_path: Path
) -> None:
    sign_in_as(page, world, COORDINATOR)

    page.get_by_role("link", name="Graduate Engineers").click()
    check_ins = page.get_by_role("table", name="Relationships needing a check-in")
    expect(check_ins.get_by_role("row")).to_have_count(3)  # a header and two relationships
    expect(check_ins).to_contain_text("Chen & Dara")
    expect(check_ins).to_contain_text("Tomas & Ana")
    page.get_by_role("link", name="All relationships").click()
    page.get_by_label("Only those needing a check-in").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table", name="Relationships").get_by_role("row")).to_have_count(3)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    saved = tmp_path / "check-ins.csv"
    download.value.save_as(saved)

    with saved.open() as exported:
        rows = list(csv.DictReader(exported))
    assert sorted(row["id"] for row in rows) == sorted(
        [world.relationship("PEER"), world.relationship("REVERSE_SHIFT")]
    )
    assert {row["health"] for row in rows} == {"needs_check_in"}


def test_the_programme_on_a_past_date_is_the_apis_as_of_answer(page: Any, world: World) -> None:
    from web.pages.charts import status_charts

    day = world.demo.as_of.date()  # the last day of last quarter, ending at 23:59:59 UTC
    secret = world.app.config["SECRET_KEY"]
    token = mint_token(secret, COORDINATOR, ["coordinator"], timedelta(hours=1))
    as_of = f"{world.demo.as_of:%Y-%m-%dT%H:%M:%SZ}"
    api = world.app.test_client().get(
        f"/api/programs/{world.demo.program_id}/status?as_of={as_of}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with world.app.test_request_context("/app/?lang=en"):
        expected = [(caption, rows) for _, caption, rows in status_charts(api.get_json())]
    sign_in_as(page, world, COORDINATOR)

    page.goto(f"{world.url}/app/programs/{world.demo.program_id}")
    page.get_by_label("Show the programme as it stood on").fill(day.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()

    expect(page.locator("#as-of-notice")).to_contain_text(
        f"{day:%b} {day.day}, {day.year}, 11:59:59 PM"
    )
    shown = []
    for caption, _ in expected:
        table = page.get_by_role("table", name=caption, exact=True)
        cells = table.locator("tbody tr").all()
        shown.append(
            (
                caption,
                [
                    (
                        row.locator("th").inner_text(),
                        int(row.locator("td").get_attribute("data-value")),
                    )
                    for row in cells
                ],
            )
        )
    assert api.status_code == 200
    assert shown == expected
    total = api.get_json()["relationships"]["total"]
    expect(page.get_by_text(f"{total} relationships in all")).to_be_visible()


def test_an_auditor_verifies_a_history_and_sees_a_tampered_one_named(
    page: Any, world: World
) -> None:
    sign_in_as(page, world, AUDITOR)
    page.get_by_label("Relationship id").fill(world.relationship("ACTIVE"))
    page.get_by_role("button", name="Verify history").click()
    expect(page.locator(".verdict")).to_contain_text("Intact")

    EventStore(world.app).rewrite_actor(world.relationship("DECLINED"), 2, "someone-else")
    page.get_by_label("Relationship id").fill(world.relationship("DECLINED"))
    page.get_by_role("button", name="Verify history").click()

    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("Damaged")
    expect(verdict).to_contain_text("version 2 is altered.")


def test_a_participant_cannot_reach_staff_pages(page: Any, world: World) -> None:
    sign_in_as(page, world, "Budi")

    expect(page.get_by_role("link", name="Audit trail")).to_have_count(0)
    for path in (f"/app/programs/{world.demo.program_id}", "/app/audit"):
        answer = page.goto(f"{world.url}{path}")
        assert answer.status == 404, path
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
