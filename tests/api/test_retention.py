"""Retention: a programme keeps the private text of its ended relationships for so many days
(set on creation or by PATCH), then a pass erases it: exactly those ended longer ago, and no
other; the pass says what it erased, and so does the audit trail. The clock is moved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from domain import clock
from domain.privacy import ERASED
from services.store import Store
from tests.support.answers import assert_problem, must
from tests.support.app import TEST_SECRET
from tests.support.http_world import Person, Programme
from web.cli import main

NOW = datetime.now(UTC)
in_process = pytest.mark.in_process


@contextmanager
def days_ago(days: int) -> Iterator[None]:
    with clock.at(NOW - timedelta(days=days)):
        yield


def ended(programme: Programme, how: str, days: int, mentee: Person | None = None) -> str:
    """A relationship asked for long before, which ended `how` `days` ago."""
    requester, invitee = mentee or programme.budi, programme.ana
    with days_ago(days + 10):
        rid = must(programme.ask(requester, invitee, message=f"{how} message"), 201)["id"]
    path = f"/api/relationships/{rid}"
    api = programme.api
    with days_ago(days):
        if how == "concluded":
            must(api.post(f"{path}/accept", {}, token=invitee.token))
            conclude = {"outcome": "goals_met", "reflection": f"{how} reflection"}
            must(api.post(f"{path}/conclude", conclude, token=requester.token))
        elif how == "declined":
            must(api.post(f"{path}/decline", {"reason": "Busy."}, token=invitee.token))
        else:
            must(api.post(f"{path}/withdraw", {}, token=requester.token))
    return str(rid)


def message(programme: Programme, rid: str) -> str:
    state = must(programme.api.get(f"/api/relationships/{rid}", token=programme.budi.token))
    return str(state["message"])


def keep_for(programme: Programme, days: int | None) -> Any:
    path = f"/api/programs/{programme.id}"
    body = {"retain_private_text_days": days}
    return must(programme.api.request("PATCH", path, token=programme.coordinator, json_body=body))


@in_process
def test_retention_erases_exactly_the_relationships_ended_longer_ago(
    app: Any, programme: Programme
) -> None:
    keep_for(programme, 30)
    concluded_long_ago = ended(programme, "concluded", 31)
    declined_lately = ended(programme, "declined", 29)
    withdrawn_long_ago = ended(programme, "withdrawn", 40)
    with days_ago(40):
        active = must(programme.ask(programme.citra, programme.dewi, "peer"), 201)["id"]
    services = app.extensions["services"]
    services.projector.catch_up()

    erased = services.retention.run()

    assert {str(e.relationship_id) for e in erased} == {concluded_long_ago, withdrawn_long_ago}
    assert message(programme, concluded_long_ago) == ERASED
    assert message(programme, withdrawn_long_ago) == ERASED
    assert message(programme, declined_lately) == "declined message"
    peer = must(programme.api.get(f"/api/relationships/{active}", token=programme.citra.token))
    assert peer["message"] != ERASED
    assert services.retention.run() == []  # nothing twice


@in_process
def test_the_trail_shows_what_retention_erased_and_why(app: Any, programme: Programme) -> None:
    keep_for(programme, 7)
    rid = ended(programme, "concluded", 8)
    services = app.extensions["services"]
    services.projector.catch_up()

    services.retention.run()
    services.projector.catch_up()

    trail = must(
        programme.api.get(
            f"/api/audit/events?relationship_id={rid}&type=PrivateTextErased",
            token=programme.auditor,
        )
    )
    (entry,) = trail["items"]
    assert entry["actor_id"] == "tandem-retention"
    assert "7 days" in entry["data"]["reason"] and entry["data"]["participant_id"] is None
    verification = programme.api.get(
        f"/api/relationships/{rid}/history/verification", token=programme.auditor
    )
    assert must(verification)["intact"]


@in_process
def test_a_programme_without_a_retention_period_keeps_its_text(
    app: Any, programme: Programme
) -> None:
    rid = ended(programme, "concluded", 3000)
    app.extensions["services"].projector.catch_up()

    erased = app.extensions["services"].retention.run()

    assert erased == [] and message(programme, rid) == "concluded message"


def test_the_retention_period_is_set_on_creation_and_changed_by_patch(
    programme: Programme,
) -> None:
    created = programme.api.post(
        "/api/programs",
        {"name": "Short memory", "retain_private_text_days": 90},
        token=programme.coordinator,
    )
    path = f"/api/programs/{must(created, 201)['id']}"

    changed = programme.api.request(
        "PATCH", path, token=programme.coordinator, json_body={"retain_private_text_days": 30}
    )
    cleared = programme.api.request(
        "PATCH", path, token=programme.coordinator, json_body={"retain_private_text_days": None}
    )

    assert must(created, 201)["retain_private_text_days"] == 90
    assert must(changed)["retain_private_text_days"] == 30
    assert must(changed)["name"] == "Short memory" and must(changed)["position"] > 0
    assert must(cleared)["retain_private_text_days"] is None


@pytest.mark.parametrize(
    "body", [{"retain_private_text_days": 0}, {"retain_private_text_days": 3651}, {"x": 1}]
)
def test_a_patch_out_of_range_or_unknown_is_refused(programme: Programme, body: Any) -> None:
    answer = programme.api.request(
        "PATCH", f"/api/programs/{programme.id}", token=programme.coordinator, json_body=body
    )

    assert_problem(answer, 422)


def test_only_its_coordinators_and_admins_change_a_programme(programme: Programme) -> None:
    path = f"/api/programs/{programme.id}"
    body = {"name": "Renamed"}

    other = programme.api.request("PATCH", path, token=programme.other_coordinator, json_body=body)
    budi = programme.api.request("PATCH", path, token=programme.budi.token, json_body=body)
    admin = programme.api.request("PATCH", path, token=programme.admin, json_body=body)

    assert_problem(other, 403)
    assert_problem(budi, 403)
    assert must(admin)["name"] == "Renamed"


@in_process
def test_tandem_retention_run_says_what_it_erased(
    app: Any, programme: Programme, store: Store
) -> None:
    if store.kind != "sqlite":
        pytest.skip("the command reads its store from TANDEM_* settings: once is enough")
    keep_for(programme, 30)
    rid = ended(programme, "withdrawn", 45)
    env = {"TANDEM_DATA_DIR": str(store.data_dir), "TANDEM_SECRET_KEY": TEST_SECRET}

    result = CliRunner().invoke(main, ["retention", "run"], env=env)

    assert result.exit_code == 0, result.output
    assert rid in result.output and "kept 30 days" in result.output
    assert "Erased the private text of 1 relationships." in result.output
