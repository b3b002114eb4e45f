"""Signing in to the web app in the browser: with the organisation's OpenID provider (a real
oidc-provider on loopback, its own login page), mapped to a participant by verified e-mail or to
staff by the provider's groups; someone Tandem does not know; an expired session; the
development list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.demo_world import World, demo_world, sign_in_as

ACCOUNTS = {
    "budi.santoso": {
        "email": "budi@example.org",
        "email_verified": True,
        "name": "Budi Santoso",
        "groups": ["engineering"],
    },
    "coordinator@demo": {
        "email": "carla@example.org",
        "email_verified": True,
        "name": "Carla",
        "groups": ["tandem-coordinators"],
    },
    "stranger": {
        "email": "stranger@example.org",
        "email_verified": True,
        "name": "Stranger",
        "groups": ["engineering"],
    },
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with demo_world(tmp_path_factory.mktemp("signing-in"), ACCOUNTS) as served:
        yield served


def sign_in_with_provider(page: Any, world: World, login: str) -> None:
    page.goto(f"{world.url}/app/")
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_placeholder("Enter any login").fill(login)  # the provider's own login page
    page.get_by_placeholder("and password").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # its consent page


def test_a_participant_signs_in_with_the_organisations_provider(page: Any, world: World) -> None:
    sign_in_with_provider(page, world, "budi.santoso")

    page.wait_for_url(f"{world.url}/app/")
    expect(page.get_by_role("heading", name="Welcome, Budi")).to_be_visible()
    mine = page.get_by_role("table", name="Your relationships")
    expect(mine.get_by_role("link", name="Ana")).to_be_visible()


def test_a_coordinator_is_known_by_the_providers_groups(page: Any, world: World) -> None:
    sign_in_with_provider(page, world, "coordinator@demo")

    page.wait_for_url(f"{world.url}/app/")
    expect(page.get_by_text("(coordinator)")).to_be_visible()
    page.get_by_role("link", name="Graduate Engineers").click()
    expect(page.get_by_role("heading", name="Relationships needing a check-in")).to_be_visible()


def test_someone_tandem_does_not_know_is_told_so(page: Any, world: World) -> None:
    sign_in_with_provider(page, world, "stranger")

    expect(page.get_by_role("heading", name="Tandem does not know you yet")).to_be_visible()
    page.goto(f"{world.url}/app/")
    expect(page.get_by_role("heading", name="Sign in to Tandem")).to_be_visible()


def test_an_expired_session_asks_to_sign_in_again(
    page: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.signin import session

    sign_in_with_provider(page, world, "budi.santoso")
    page.wait_for_url(f"{world.url}/app/")
    later = session.clock() + 9 * 3600  # past the default eight hours
    monkeypatch.setattr(session, "clock", lambda: later)

    page.goto(f"{world.url}/app/")

    expect(page.get_by_text("Your session has expired. Please sign in again.")).to_be_visible()


def test_in_development_the_demo_people_are_listed_to_sign_in_as(page: Any, world: World) -> None:
    sign_in_as(page, world, "Lina")

    expect(page.get_by_role("heading", name="Welcome, Lina")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{world.url}/app/")
    expect(page.get_by_role("heading", name="Sign in to Tandem")).to_be_visible()
