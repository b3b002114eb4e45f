"""The domain's clock: events are stamped with the moment it is set to, else with real time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain import clock
from domain.values import Actor
from tests.support.domain_world import BUDI, a_programme, a_request, an_active_relationship

LAST_SPRING = datetime(2026, 4, 14, 9, 30, tzinfo=UTC)


def test_events_are_stamped_with_the_moment_the_clock_is_set_to() -> None:
    with clock.at(LAST_SPRING):
        relationship = a_request()

    assert relationship.created_on == LAST_SPRING
    assert [goal.added_at for goal in relationship.goals.values()] == [LAST_SPRING]


def test_dates_taken_from_events_follow_the_clock() -> None:
    with clock.at(LAST_SPRING - timedelta(days=2)):
        relationship = a_request()

    with clock.at(LAST_SPRING):
        relationship.accept(actor=Actor(str(relationship.invitee_id)))

    assert relationship.accepted_at == LAST_SPRING


def test_a_programme_is_stamped_by_the_same_clock() -> None:
    with clock.at(LAST_SPRING):
        program = a_programme()

    assert program.created_on == LAST_SPRING


def test_the_clock_reads_real_time_again_after_the_block() -> None:
    with clock.at(LAST_SPRING - timedelta(days=2)):
        relationship = an_active_relationship()
    with clock.at(LAST_SPRING):
        relationship.pause(actor=Actor(BUDI), reason="Holiday")
    before = datetime.now(UTC)

    relationship.resume(actor=Actor(BUDI))

    paused, resumed = relationship.collect_events()
    assert paused.timestamp == LAST_SPRING
    assert before <= resumed.timestamp <= datetime.now(UTC)


def test_a_moment_in_another_zone_is_kept_in_utc() -> None:
    in_jakarta = LAST_SPRING.astimezone(timezone(timedelta(hours=7)))

    with clock.at(in_jakarta):
        relationship = a_request()

    assert relationship.created_on == LAST_SPRING
    assert relationship.created_on.tzinfo is UTC


def test_the_clock_refuses_a_moment_without_a_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"), clock.at(datetime(2026, 4, 14)):
        pass


def test_an_event_is_never_stamped_before_the_aggregates_last_one() -> None:
    with clock.at(LAST_SPRING):
        relationship = a_request()

    with clock.at(LAST_SPRING - timedelta(days=30)):
        relationship.accept(actor=Actor(str(relationship.invitee_id)))

    assert relationship.accepted_at == LAST_SPRING
    assert relationship.modified_on == LAST_SPRING
