"""Meetings: scheduled by either party, prepared by the mentee, held or cancelled once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain import Relationship
from domain.errors import InvalidTransition, NotAllowed, UnknownPart
from domain.values import Actor, MeetingMode, MeetingStatus
from tests.support.domain_world import (
    ANA,
    BUDI,
    CARLA,
    NEXT_MONDAY,
    UNKNOWN_ID,
    a_peer_relationship,
    a_request,
    an_active_relationship,
    schedule_a_meeting,
    shift_to_peer,
)


def prepare_an_agenda(relationship: Relationship, by: str, meeting_id: UUID) -> None:
    relationship.prepare_agenda(
        actor=Actor(by),
        meeting_id=meeting_id,
        topics=["Design reviews"],
        progress_reflection="Led one.",
        development_areas=[],
    )


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_schedule_a_meeting(party: str) -> None:
    relationship = an_active_relationship()

    meeting_id = relationship.schedule_meeting(
        actor=Actor(party), scheduled_for=NEXT_MONDAY, duration_minutes=45, mode="in_person"
    )

    meeting = relationship.meetings[meeting_id]
    assert (meeting.scheduled_for, meeting.duration_minutes) == (NEXT_MONDAY, 45)
    assert (meeting.mode, meeting.status) == (MeetingMode.IN_PERSON, MeetingStatus.SCHEDULED)
    assert meeting.scheduled_by == party


def test_meetings_are_listed_in_the_order_they_take_place() -> None:
    relationship = an_active_relationship()
    later = relationship.schedule_meeting(
        actor=Actor(ANA),
        scheduled_for=NEXT_MONDAY + timedelta(days=7),
        duration_minutes=45,
        mode="video",
    )
    sooner = schedule_a_meeting(relationship, by=BUDI)

    meetings = relationship.meeting_list

    assert [meeting.id for meeting in meetings] == [sooner, later]


def test_meetings_set_for_the_same_time_are_listed_in_the_order_they_were_scheduled() -> None:
    relationship = an_active_relationship()
    first = schedule_a_meeting(relationship, by=ANA)
    second = schedule_a_meeting(relationship, by=BUDI)

    meetings = relationship.meeting_list

    assert [meeting.id for meeting in meetings] == [first, second]


def test_an_outsider_cannot_schedule_a_meeting() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        schedule_a_meeting(relationship, by=CARLA)


def test_a_meeting_needs_an_active_relationship() -> None:
    relationship = a_request()

    with pytest.raises(InvalidTransition):
        schedule_a_meeting(relationship)


def test_an_unknown_meeting_mode_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(ValueError):
        relationship.schedule_meeting(
            actor=Actor(ANA), scheduled_for=NEXT_MONDAY, duration_minutes=45, mode="chat"
        )


def test_the_mentee_prepares_the_agenda() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)

    prepare_an_agenda(relationship, BUDI, meeting_id)

    agenda = relationship.meetings[meeting_id].agenda
    assert agenda is not None
    assert (agenda.topics, agenda.prepared_by) == (["Design reviews"], BUDI)


def test_the_mentor_cannot_prepare_the_agenda_in_mentoring_mode() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)

    with pytest.raises(NotAllowed):
        prepare_an_agenda(relationship, ANA, meeting_id)


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_prepares_the_agenda_in_peer_mode(party: str) -> None:
    relationship = a_peer_relationship()
    meeting_id = schedule_a_meeting(relationship)

    prepare_an_agenda(relationship, party, meeting_id)

    assert relationship.meetings[meeting_id].agenda is not None


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_after_a_shift_to_peer_either_party_prepares_the_agenda(party: str) -> None:
    relationship = an_active_relationship()
    shift_to_peer(relationship)
    meeting_id = schedule_a_meeting(relationship)

    prepare_an_agenda(relationship, party, meeting_id)

    assert relationship.meetings[meeting_id].agenda is not None


def test_in_reverse_mentoring_the_former_mentor_prepares_the_agenda() -> None:
    relationship = an_active_relationship()
    relationship.propose_mode(
        actor=Actor(BUDI), mode="mentoring", mentor_id=relationship.requester_id
    )
    relationship.agree_mode(actor=Actor(ANA))
    meeting_id = schedule_a_meeting(relationship)

    prepare_an_agenda(relationship, ANA, meeting_id)

    assert relationship.meetings[meeting_id].agenda is not None


def test_in_reverse_mentoring_the_new_mentor_cannot_prepare_the_agenda() -> None:
    relationship = an_active_relationship()
    relationship.propose_mode(
        actor=Actor(BUDI), mode="mentoring", mentor_id=relationship.requester_id
    )
    relationship.agree_mode(actor=Actor(ANA))
    meeting_id = schedule_a_meeting(relationship)

    with pytest.raises(NotAllowed):
        prepare_an_agenda(relationship, BUDI, meeting_id)


def test_an_agenda_cannot_be_prepared_once_the_meeting_is_held() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    relationship.hold_meeting(actor=Actor(ANA), meeting_id=meeting_id)

    with pytest.raises(InvalidTransition):
        prepare_an_agenda(relationship, BUDI, meeting_id)


def test_an_agenda_cannot_be_prepared_for_a_cancelled_meeting() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    relationship.cancel_meeting(actor=Actor(ANA), meeting_id=meeting_id, reason="Ill")

    with pytest.raises(InvalidTransition):
        prepare_an_agenda(relationship, BUDI, meeting_id)


def test_an_agenda_for_an_unknown_meeting_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(UnknownPart):
        prepare_an_agenda(relationship, BUDI, UNKNOWN_ID)


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_records_a_meeting_as_held(party: str) -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    held_at = datetime(2030, 1, 7, 9, 5, tzinfo=UTC)

    relationship.hold_meeting(
        actor=Actor(party), meeting_id=meeting_id, held_at=held_at, summary="Good"
    )

    meeting = relationship.meetings[meeting_id]
    assert (meeting.status, meeting.held_at, meeting.summary) == (
        MeetingStatus.HELD,
        held_at,
        "Good",
    )


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_cancels_a_meeting(party: str) -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)

    relationship.cancel_meeting(actor=Actor(party), meeting_id=meeting_id, reason="Ill")

    meeting = relationship.meetings[meeting_id]
    assert (meeting.status, meeting.cancel_reason) == (MeetingStatus.CANCELLED, "Ill")


def test_a_meeting_is_held_only_once() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    relationship.hold_meeting(actor=Actor(ANA), meeting_id=meeting_id)

    with pytest.raises(InvalidTransition):
        relationship.hold_meeting(actor=Actor(BUDI), meeting_id=meeting_id)


def test_a_held_meeting_cannot_be_cancelled() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    relationship.hold_meeting(actor=Actor(ANA), meeting_id=meeting_id)

    with pytest.raises(InvalidTransition):
        relationship.cancel_meeting(actor=Actor(BUDI), meeting_id=meeting_id, reason="Oops")


def test_a_cancelled_meeting_cannot_be_held() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    relationship.cancel_meeting(actor=Actor(ANA), meeting_id=meeting_id, reason="Ill")

    with pytest.raises(InvalidTransition):
        relationship.hold_meeting(actor=Actor(BUDI), meeting_id=meeting_id)


def test_a_meeting_is_cancelled_only_once() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)
    relationship.cancel_meeting(actor=Actor(ANA), meeting_id=meeting_id, reason="Ill")

    with pytest.raises(InvalidTransition):
        relationship.cancel_meeting(actor=Actor(BUDI), meeting_id=meeting_id, reason="Still ill")


def test_holding_an_unknown_meeting_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(UnknownPart):
        relationship.hold_meeting(actor=Actor(ANA), meeting_id=UNKNOWN_ID)


def test_cancelling_an_unknown_meeting_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(UnknownPart):
        relationship.cancel_meeting(actor=Actor(ANA), meeting_id=UNKNOWN_ID, reason="Ill")


def test_an_outsider_cannot_record_a_meeting_as_held() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)

    with pytest.raises(NotAllowed):
        relationship.hold_meeting(actor=Actor(CARLA), meeting_id=meeting_id)
