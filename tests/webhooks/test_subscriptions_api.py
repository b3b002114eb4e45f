"""The subscriptions' contract: who may subscribe, what is refused, what is read back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.store import Store
from services.webhooks.settings import WebhookSettings
from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.http_world import Programme
from tests.support.webhooks import subscribe

URL = "http://127.0.0.1:9/hook"  # loopback: allowed in development, which these tests run in


@pytest.fixture
def settings() -> WebhookSettings:
    """As served by default: the dispatcher a thread of the app (reads given `after` wait)."""
    return WebhookSettings()


def test_a_coordinator_subscribes_and_sees_the_secret_once(programme: Programme) -> None:
    body = {"url": URL, "program_id": programme.id, "types": ["org.tandem.relationship.accepted"]}

    made = must(programme.api.post("/api/subscriptions", body, token=programme.coordinator), 201)
    read = must(programme.api.get(f"/api/subscriptions/{made['id']}", token=programme.coordinator))
    listed = must(
        programme.api.get(
            f"/api/subscriptions?after={made['position']}", token=programme.coordinator
        )
    )

    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 40
    assert {k: made[k] for k in ("url", "program_id", "types")} == body
    assert made["created_at"].endswith("Z") and made["position"] > 0
    assert "secret" not in read and read["deliveries"] == {
        "pending": 0,
        "delivered": 0,
        "failed": 0,
    }
    assert [item["id"] for item in listed["items"]] == [made["id"]]
    assert "secret" not in listed["items"][0]


def test_coordinators_list_only_the_subscriptions_of_their_programmes(
    programme: Programme,
) -> None:
    mine, _ = subscribe(programme, URL)
    night = must(
        programme.api.post("/api/programs", {"name": "Evening"}, token=programme.other_coordinator),
        201,
    )
    theirs = must(
        programme.api.post(
            "/api/subscriptions",
            {"url": URL, "program_id": night["id"]},
            token=programme.other_coordinator,
        ),
        201,
    )
    after = f"?after={theirs['position']}"

    mine_listed = must(programme.api.get(f"/api/subscriptions{after}", token=programme.coordinator))
    all_listed = must(programme.api.get(f"/api/subscriptions{after}", token=programme.admin))

    assert [s["id"] for s in mine_listed["items"]] == [mine]
    assert {s["id"] for s in all_listed["items"]} >= {mine, theirs["id"]}
    assert_problem(
        programme.api.get(f"/api/subscriptions/{theirs['id']}", token=programme.coordinator), 403
    )


@pytest.mark.parametrize("who", ["other_coordinator", "auditor"])
def test_staff_outside_the_programme_may_not_subscribe_to_it(
    programme: Programme, who: str
) -> None:
    body = {"url": URL, "program_id": programme.id}

    answer = programme.api.post("/api/subscriptions", body, token=getattr(programme, who))

    assert_problem(answer, 403)


def test_participants_have_nothing_to_do_with_subscriptions(programme: Programme) -> None:
    subscription, _ = subscribe(programme, URL)
    token = programme.budi.token

    for answer in (
        programme.api.post(
            "/api/subscriptions", {"url": URL, "program_id": programme.id}, token=token
        ),
        programme.api.get("/api/subscriptions", token=token),
        programme.api.get(f"/api/subscriptions/{subscription}", token=token),
        programme.api.get(f"/api/subscriptions/{subscription}/deliveries", token=token),
        programme.api.post(
            f"/api/subscriptions/{subscription}/replay", {"from_position": 1}, token=token
        ),
        programme.api.request("DELETE", f"/api/subscriptions/{subscription}", token=token),
    ):
        assert_problem(answer, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.org/hook"}, "url"),
        ({"url": "http:///hook"}, "url"),
        ({"url": "https://user:pass@example.org/hook"}, "url"),
        ({"url": "http://no-such-host.invalid/hook"}, "url"),
        ({"url": "http://0.0.0.0/hook"}, "url"),
        ({"url": URL, "types": ["org.tandem.relationship.eaten"]}, "types.0"),
        ({"url": URL, "types": "everything"}, "types"),
        ({"url": URL, "colour": "blue"}, "colour"),
        ({"url": URL, "program_id": "00000000-0000-0000-0000-000000000000"}, "program_id"),
    ],
)
def test_a_subscription_that_cannot_work_is_refused(
    programme: Programme, body: dict[str, Any], field: str
) -> None:
    answer = programme.api.post(
        "/api/subscriptions", {"program_id": programme.id, **body}, token=programme.coordinator
    )

    assert field in assert_problem(answer, 422)["errors"]


def test_deliveries_are_listed_a_page_at_a_time_and_by_status(programme: Programme) -> None:
    subscription, _ = subscribe(programme, URL)
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "goals", {"text": "Speak up"}))
    end = must(relationship.command(programme.budi.token, "goals", {"text": "Lead"}))["position"]
    path = f"/api/subscriptions/{subscription}/deliveries"

    first = must(programme.api.get(f"{path}?after={end}&limit=3", token=programme.coordinator))
    rest = must(
        programme.api.get(f"{path}?cursor={first['next_cursor']}", token=programme.coordinator)
    )
    delivered = must(programme.api.get(f"{path}?status=delivered", token=programme.coordinator))

    versions = [int(d["webhook_id"].split(":")[1]) for d in first["items"] + rest["items"]]
    assert versions == [1, 2, 3, 4] and rest["next_cursor"] is None
    assert {d["status"] for d in first["items"]} == {"pending"}
    assert delivered["items"] == []
    assert_problem(programme.api.get(f"{path}?status=lost", token=programme.coordinator), 422)


@pytest.fixture
def production(store: Store) -> Iterator[ApiClient]:
    app = app_for_tests(store, TEST_SECRET, env="production")
    yield ApiClient(FlaskTransport(app), TEST_SECRET)
    app.extensions["services"].close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8080/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ],
)
def test_outside_development_private_loopback_and_link_local_receivers_are_refused(
    production: ApiClient, url: str
) -> None:
    token = production.token("admin-ivo", ["admin"])
    program = must(production.post("/api/programs", {"name": "Prod"}, token=token), 201)

    answer = production.post(
        "/api/subscriptions", {"url": url, "program_id": program["id"]}, token=token
    )

    assert "url" in assert_problem(answer, 422)["errors"]


def test_a_delete_with_a_body_that_is_not_json_is_refused_not_an_error(
    programme: Programme,
) -> None:
    subscription, _ = subscribe(programme, URL)

    answer = programme.api.request(
        "DELETE",
        f"/api/subscriptions/{subscription}",
        token=programme.coordinator,
        data=b"not json",
        headers={"Content-Type": "text/plain", "Idempotency-Key": "delete-1"},
    )

    assert_problem(answer, 415)
