"""Erasing: a relationship's private text forgotten by its state, a person forgotten by theirs,
and what either may still do afterwards."""

from __future__ import annotations

import pytest

from domain import Relationship
from domain.errors import Erased
from domain.privacy import ERASED
from domain.values import Actor, Status
from tests.support.domain_world import (
    ADMIN,
    ANA,
    BUDI,
    CONCLUDE,
    COORDINATOR,
    EVERY_COMMAND,
    Command,
    a_busy_relationship,
    a_participant,
    a_programme,
    a_relationship_that_takes,
    first_meeting,
    settled,
)


def a_relationship_full_of_private_text() -> Relationship:
    relationship = a_busy_relationship()
    relationship.agree_boundaries(actor=Actor(ANA))
    relationship.prepare_agenda(
        actor=Actor(BUDI),
        meeting_id=first_meeting(relationship),
        topics=["Salary", "Health"],
        progress_reflection="I struggled.",
        development_areas=["Rest"],
    )
    relationship.hold_meeting(
        actor=Actor(ANA), meeting_id=first_meeting(relationship), summary="We talked."
    )
    relationship.give_feedback(actor=Actor(ANA), about="attitude", content="Brave.")
    relationship.conclude(actor=Actor(BUDI), outcome="goals_met", reflection="It helped.")
    return settled(relationship)


def test_an_erased_relationship_holds_no_private_text_but_keeps_its_shape() -> None:
    relationship = a_relationship_full_of_private_text()

    relationship.erase_private_text(by=ADMIN, reason="Budi asked", participant_id=None)

    (meeting,) = relationship.meeting_list
    assert relationship.message == ERASED
    assert relationship.boundaries_in_force is not None and meeting.agenda is not None
    assert relationship.conclusion is not None
    assert relationship.boundaries_in_force.confidential_topics == [ERASED]
    assert meeting.agenda.topics == [ERASED, ERASED]
    assert meeting.agenda.progress_reflection == ERASED
    assert meeting.agenda.development_areas == [ERASED]
    assert meeting.summary == ERASED
    assert [f.content for f in relationship.feedback] == [ERASED]
    assert relationship.conclusion.reflection == ERASED
    assert relationship.boundaries_in_force.notes is None  # never written: nothing to erase
    assert relationship.status is Status.CONCLUDED
    assert relationship.goal_list[0].text == "Lead a design review"  # goals are not private


def test_the_erasure_records_who_erased_when_and_why() -> None:
    relationship = a_relationship_full_of_private_text()

    relationship.erase_private_text(by=ADMIN, reason="Budi asked", participant_id=None)

    (erased,) = relationship.collect_events()
    assert (erased.by, erased.reason) == (ADMIN, "Budi asked")
    assert relationship.private_text_erased_at == erased.timestamp


def test_private_text_cannot_be_erased_twice() -> None:
    relationship = a_relationship_full_of_private_text()
    relationship.erase_private_text(by=ADMIN, reason="Budi asked", participant_id=None)

    with pytest.raises(Erased):
        relationship.erase_private_text(by=ADMIN, reason="again", participant_id=None)


@pytest.mark.parametrize("command", [c for c in EVERY_COMMAND if c is not CONCLUDE], ids=str)
def test_an_erased_relationship_takes_nothing_new(command: Command) -> None:
    relationship = a_relationship_that_takes(command)
    relationship.erase_private_text(by=ADMIN, reason="Budi asked", participant_id=None)
    settled(relationship)

    with pytest.raises(Erased):
        command(relationship)

    assert relationship.collect_events() == []


def test_an_erased_relationship_can_still_be_concluded_without_a_reflection() -> None:
    relationship = a_busy_relationship()
    relationship.erase_private_text(by=ADMIN, reason="Budi asked", participant_id=None)

    with pytest.raises(Erased):
        relationship.conclude(actor=Actor(COORDINATOR, True), outcome="other", reflection="x")
    relationship.conclude(actor=Actor(COORDINATOR, True), outcome="other")

    assert relationship.status is Status.CONCLUDED
    assert relationship.ended_at is not None


def test_an_erased_participant_has_no_name_no_address_and_no_enrolment() -> None:
    participant = a_participant(a_programme(), "mentee")

    participant.erase(by=ADMIN, reason="Asked to be forgotten")

    assert (participant.name, participant.email) == (ERASED, ERASED)
    assert participant.programs == []
    assert participant.erased_at is not None


def test_a_participant_cannot_be_erased_twice() -> None:
    participant = a_participant()
    participant.erase(by=ADMIN, reason="Asked to be forgotten")

    with pytest.raises(Erased):
        participant.erase(by=ADMIN, reason="again")


def test_a_programme_change_records_only_what_changed() -> None:
    program = a_programme()
    program.collect_events()

    program.change(by=COORDINATOR, meeting_every_days=14, retain_private_text_days=30)

    (changed,) = program.collect_events()
    assert changed.changes == {"retain_private_text_days": 30}
    assert program.retain_private_text_days == 30


def test_a_programme_change_that_changes_nothing_records_nothing() -> None:
    program = a_programme()
    program.collect_events()

    program.change(by=COORDINATOR, name=program.name)

    assert program.collect_events() == []
