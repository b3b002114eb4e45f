"""Health, computed when asked: too early, on track, or in need of a check-in.

The period is the agreed meeting_every_days, else the programme's, else 14 days. Moving only the
dates of the same history moves a relationship between on_track and needs_check_in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.support.api import ApiClient
from tests.support.http_world import Programme, Relationship
from tests.support.moments import parse_time
from tests.support.view_reads import Views


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def summary(views: Views, programme: Programme, relationship: Relationship) -> dict[str, Any]:
    (found,) = [i for i in views.items(programme.coordinator) if i["id"] == relationship.id]
    return found


def health(views: Views, programme: Programme, relationship: Relationship) -> str | None:
    found: str | None = summary(views, programme, relationship)["health"]
    buckets = views.figures(programme.coordinator, programme.id)["health"]
    if found is not None:
        assert buckets[found] == 1, buckets  # the status agrees with the list
    return found


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(1, "on_track"), (13, "on_track"), (15, "needs_check_in"), (60, "needs_check_in")],
)
def test_the_last_meeting_within_the_period_keeps_it_on_track(
    views: Views, programme: Programme, days_ago: int, expected: str
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.met(relationship, days_ago=days_ago)

    assert health(views, programme, relationship) == expected


@pytest.mark.parametrize(
    ("in_days", "expected"),
    [(1, "on_track"), (13, "on_track"), (15, "needs_check_in"), (-1, "needs_check_in")],
)
def test_a_meeting_due_within_the_next_period_keeps_it_on_track(
    views: Views, programme: Programme, in_days: int, expected: str
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.met(relationship, days_ago=60)
    views.plan(relationship, in_days=in_days)

    assert health(views, programme, relationship) == expected


def test_a_cancelled_meeting_does_not_keep_it_on_track(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.met(relationship, days_ago=60)
    meeting = views.plan(relationship, in_days=3)
    cancel = {"reason": "Clash."}
    views.did(relationship.command(programme.ana.token, f"meetings/{meeting}/cancel", cancel))

    assert health(views, programme, relationship) == "needs_check_in"


def test_just_accepted_with_nothing_held_is_too_early(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)

    assert health(views, programme, relationship) == "too_early"


def test_peers_have_a_health_too(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.citra, programme.dewi, "peer")
    views.met(relationship, days_ago=30)

    assert health(views, programme, relationship) == "needs_check_in"


@pytest.mark.parametrize("status", ["requested", "paused", "declined", "withdrawn", "concluded"])
def test_only_active_relationships_have_a_health(
    views: Views, programme: Programme, status: str
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana, status=status)

    assert health(views, programme, relationship) is None
    assert set(views.figures(programme.coordinator, programme.id)["health"].values()) == {0}


@pytest.mark.parametrize(
    ("every", "days_ago", "expected"),
    [(30, 20, "on_track"), (7, 10, "needs_check_in"), (90, 60, "on_track")],
)
def test_agreed_boundaries_set_the_period(
    views: Views, programme: Programme, every: int, days_ago: int, expected: str
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.met(relationship, days_ago=days_ago)

    views.agree_every(relationship, every)

    assert health(views, programme, relationship) == expected


def test_proposed_boundaries_do_not_set_the_period_until_agreed(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.met(relationship, days_ago=20)

    views.agree_every(relationship, 30, agreed=False)

    assert health(views, programme, relationship) == "needs_check_in"


def test_boundaries_in_force_stay_until_a_new_proposal_is_agreed(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.met(relationship, days_ago=20)
    views.agree_every(relationship, 30)

    views.agree_every(relationship, 7, agreed=False)

    assert health(views, programme, relationship) == "on_track"


@pytest.mark.parametrize(("every", "expected"), [(30, "on_track"), (7, "needs_check_in")])
def test_the_programme_sets_the_period_when_no_boundaries_are_agreed(
    views: Views, programme: Programme, every: int, expected: str
) -> None:
    program_id = programme.own_programme(meeting_every_days=every)
    mentor = programme.enrol("Hadi", "mentor", into=program_id)
    mentee = programme.enrol("Indah", "mentee", into=program_id)
    relationship = views.relationship(programme, mentee, mentor, into=program_id)
    views.met(relationship, days_ago=10)

    (found,) = views.items(programme.coordinator, program_id=program_id)

    assert found["health"] == expected
    assert views.figures(programme.coordinator, program_id)["health"][expected] == 1


def test_too_early_ends_with_the_first_meeting(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)

    views.met(relationship, days_ago=20)

    assert health(views, programme, relationship) == "needs_check_in"


def test_a_paused_and_resumed_relationship_has_a_health_again(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana, status="paused")

    views.did(relationship.command(programme.coordinator, "resume", {}))

    assert health(views, programme, relationship) == "too_early"


def test_the_summary_dates_the_last_meeting_and_the_next_one_due(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    held_at = views.met(relationship, days_ago=20)

    found = summary(views, programme, relationship)

    assert parse_time(found["last_meeting_at"]) == parse_time(held_at)
    assert parse_time(found["next_meeting_due"]) == parse_time(held_at) + timedelta(days=14)
    assert found["meetings_held"] == 1
