"""When things happened: every event, and every date taken from one, is when its command ran."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.values import Actor
from tests.support.domain_world import (
    ANA,
    BUDI,
    EVERY_COMMAND,
    Command,
    a_relationship_that_takes,
    a_request,
    an_active_relationship,
    schedule_a_meeting,
)


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=str)
def test_each_event_is_stamped_with_the_moment_of_its_command(command: Command) -> None:
    relationship = a_relationship_that_takes(command)
    before = datetime.now(UTC)

    command(relationship)

    (event,) = relationship.collect_events()
    assert before <= event.timestamp <= datetime.now(UTC)


def test_a_request_is_stamped_with_the_moment_it_was_made() -> None:
    before = datetime.now(UTC)

    relationship = a_request()

    assert relationship.created_on >= before
    assert [goal.added_at for goal in relationship.goals.values()] == [relationship.created_on]


def test_a_relationship_is_dated_accepted_when_it_was_accepted() -> None:
    relationship = a_request()
    before = datetime.now(UTC)

    relationship.accept(actor=Actor(ANA))

    assert relationship.accepted_at is not None
    assert relationship.accepted_at >= before


def test_a_meeting_recorded_as_held_without_a_time_was_held_when_recorded() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    before = datetime.now(UTC)

    relationship.hold_meeting(actor=Actor(ANA), meeting_id=meeting_id)

    held_at = relationship.meetings[meeting_id].held_at
    assert held_at is not None
    assert held_at >= before


def test_the_last_modification_never_goes_back_in_time() -> None:
    relationship = an_active_relationship()
    relationship.pause(actor=Actor(BUDI), reason="Holiday")
    relationship.resume(actor=Actor(BUDI))
    resumed_on = relationship.modified_on

    relationship.add_goal(actor=Actor(BUDI), text="Present at a meetup")

    assert relationship.modified_on >= resumed_on


def test_every_event_is_stamped_in_utc() -> None:
    relationship = an_active_relationship()

    relationship.pause(actor=Actor(BUDI), reason="Holiday")

    (paused,) = relationship.collect_events()
    assert paused.timestamp.utcoffset() is not None
    assert paused.timestamp.tzinfo is UTC
