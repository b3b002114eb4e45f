"""The relationship list: limit and cursor, filters, and waiting for `after`."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.http_world import Programme
from tests.support.view_reads import Views


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def requests_from_budi(views: Views, programme: Programme, count: int) -> list[str]:
    """Budi asks Ana `count` times, withdrawing each time so the pair has one open at most."""
    for _ in range(count):
        views.relationship(programme, programme.budi, programme.ana, status="withdrawn")
    return list(views.created)


# --- limit and cursor -------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_a_limit_outside_1_to_200_is_a_validation_failure(
    views: Views, programme: Programme, limit: int
) -> None:
    answer = views.listing(programme.coordinator, limit=limit)

    assert "limit" in assert_problem(answer, 422)["errors"]


@pytest.mark.parametrize("limit", [1, 200])
def test_a_limit_of_1_or_200_is_accepted(views: Views, programme: Programme, limit: int) -> None:
    views.relationship(programme, programme.budi, programme.ana)

    assert len(views.items(programme.coordinator, limit=limit)) == 1


def test_a_page_holds_50_relationships_by_default(views: Views, programme: Programme) -> None:
    created = requests_from_budi(views, programme, 51)

    page = must(views.listing(programme.coordinator, program_id=programme.id))

    assert [item["id"] for item in page["items"]] == created[:50]
    assert page["next_cursor"] is not None


@pytest.mark.parametrize(("count", "limit", "pages"), [(5, 2, 3), (4, 2, 2), (3, 3, 1)])
def test_following_the_cursor_visits_every_relationship_once_in_creation_order(
    views: Views, programme: Programme, count: int, limit: int, pages: int
) -> None:
    created = requests_from_budi(views, programme, count)

    seen = views.every_page(programme.coordinator, program_id=programme.id, limit=limit)

    assert [item["id"] for page in seen for item in page["items"]] == created
    assert len(seen) == pages
    assert seen[-1]["next_cursor"] is None


def test_changes_between_pages_neither_repeat_nor_skip_a_relationship(
    views: Views, programme: Programme
) -> None:
    created = requests_from_budi(views, programme, 3)
    first = must(views.listing(programme.coordinator, program_id=programme.id, limit=2))
    peers = views.relationship(programme, programme.citra, programme.dewi, "peer")
    views.did(peers.command(programme.citra.token, "goals", {"text": "Pair weekly"}))

    rest = views.every_page(
        programme.coordinator, program_id=programme.id, limit=2, cursor=first["next_cursor"]
    )

    listed = [item["id"] for page in [first, *rest] for item in page["items"]]
    assert listed == [*created, peers.id]


def _encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["not-a-cursor", "!!!", "", "%00", _encoded("seven")])
def test_a_cursor_the_service_never_gave_out_is_a_validation_failure(
    views: Views, programme: Programme, cursor: str
) -> None:
    answer = views.listing(programme.coordinator, cursor=cursor)

    assert "cursor" in assert_problem(answer, 422)["errors"]


def test_a_forged_cursor_too_large_to_store_is_a_validation_failure(
    views: Views, programme: Programme
) -> None:
    answer = views.listing(programme.coordinator, cursor=_encoded("9" * 30))

    assert_problem(answer, 422)


def test_a_forged_negative_cursor_is_a_validation_failure(
    views: Views, programme: Programme
) -> None:
    views.relationship(programme, programme.budi, programme.ana)

    answer = views.listing(programme.coordinator, cursor=_encoded("-5"))

    assert_problem(answer, 422)


# --- filters ----------------------------------------------------------------------------------


def test_each_status_filter_selects_exactly_the_relationships_in_that_status(
    views: Views, programme: Programme
) -> None:
    mentees = {s: programme.enrol(f"Mentee{s}", "mentee") for s in ("declined", "paused")}
    active = views.relationship(programme, programme.budi, programme.ana)
    requested = views.relationship(programme, programme.citra, programme.dewi, "peer", "requested")
    declined = views.relationship(programme, mentees["declined"], programme.ana, status="declined")
    paused = views.relationship(programme, mentees["paused"], programme.ana, status="paused")
    expected = {"active": active, "requested": requested, "declined": declined, "paused": paused}

    for status, relationship in expected.items():
        found = views.items(programme.coordinator, program_id=programme.id, status=status)
        assert [(i["id"], i["status"]) for i in found] == [(relationship.id, status)], status
    assert views.items(programme.coordinator, program_id=programme.id, status="concluded") == []


def test_the_participant_filter_selects_relationships_they_are_a_party_to_on_either_side(
    views: Views, programme: Programme
) -> None:
    eko = programme.enrol("Eko", "mentee")
    budi_ana = views.relationship(programme, programme.budi, programme.ana)
    eko_ana = views.relationship(programme, eko, programme.ana)
    views.relationship(programme, programme.citra, programme.dewi, "peer")
    coordinator = programme.coordinator

    assert views.ids(coordinator, participant_id=programme.ana.id) == [budi_ana.id, eko_ana.id]
    assert views.ids(coordinator, participant_id=programme.budi.id) == [budi_ana.id]
    assert views.ids(coordinator, participant_id=eko.id, status="requested") == []


def test_the_programme_filter_selects_that_programme_only(
    views: Views, programme: Programme
) -> None:
    night_school = programme.other_programme()
    mentor = programme.enrol("Fajar", "mentor", into=night_school)
    mentee = programme.enrol("Gita", "mentee", into=night_school)
    ours = views.relationship(programme, programme.budi, programme.ana)
    theirs = views.relationship(programme, mentee, mentor, into=night_school)

    assert views.ids(programme.admin, program_id=programme.id) == [ours.id]
    assert views.ids(programme.admin, program_id=night_school) == [theirs.id]
    listed = [
        item["id"]
        for page in views.every_page(programme.admin, limit=200)
        for item in page["items"]
    ]
    assert [i for i in listed if i in (ours.id, theirs.id)] == [ours.id, theirs.id]


def test_at_risk_selects_only_relationships_that_need_a_check_in(
    views: Views, programme: Programme
) -> None:
    eko = programme.enrol("Eko", "mentee")
    overdue = views.relationship(programme, programme.budi, programme.ana)
    views.met(overdue, days_ago=60)
    healthy = views.relationship(programme, eko, programme.ana)
    views.met(healthy, days_ago=3)
    views.relationship(programme, programme.citra, programme.dewi, "peer")

    found = views.items(programme.coordinator, program_id=programme.id, at_risk="true")

    assert [(item["id"], item["health"]) for item in found] == [(overdue.id, "needs_check_in")]
    assert len(views.items(programme.coordinator, at_risk="false")) == 3


@pytest.mark.parametrize("query", [{"programme_id": "x"}, {"sort": "id"}, {"page": "2"}])
def test_an_unknown_query_parameter_is_a_validation_failure(
    views: Views, programme: Programme, query: dict[str, Any]
) -> None:
    answer = views.listing(programme.coordinator, **query)

    assert_problem(answer, 422)


@pytest.mark.parametrize(
    "query",
    [{"status": "asleep"}, {"program_id": "42"}, {"participant_id": "me"}, {"at_risk": "maybe"}],
)
def test_a_malformed_filter_is_a_validation_failure_naming_it(
    views: Views, programme: Programme, query: dict[str, Any]
) -> None:
    answer = views.listing(programme.coordinator, **query)

    assert set(query) <= set(assert_problem(answer, 422)["errors"])


# --- waiting for the views --------------------------------------------------------------------


def test_a_list_after_a_command_reflects_it(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana, status="requested")
    views.did(relationship.command(programme.ana.token, "accept", {}))

    (item,) = views.items(programme.coordinator)

    assert (item["id"], item["status"], item["health"]) == (relationship.id, "active", "too_early")
