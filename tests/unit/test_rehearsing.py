"""A command can be rehearsed: its rules run, nothing is recorded, and the answer is the one
the command would get. Pages learn from it which actions to offer (services.offers)."""

from __future__ import annotations

import pytest

from domain.aggregate import rehearse
from domain.errors import InvalidTransition, NotAllowed
from domain.values import Actor
from services.offers import offers
from tests.support.domain_world import (
    ANA,
    BUDI,
    BUDI_ID,
    CARLA,
    COORDINATOR,
    EVERY_COMMAND,
    NEXT_MONDAY,
    Command,
    a_busy_relationship,
    a_declined_request,
    a_paused_relationship,
    a_peer_relationship,
    a_relationship_that_takes,
    a_request,
    first_goal,
    first_meeting,
    snapshot,
)


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=str)
def test_a_rehearsal_of_a_command_that_would_be_taken_changes_nothing(command: Command) -> None:
    relationship = a_relationship_that_takes(command)
    before = snapshot(relationship)

    refusal = rehearse(lambda: command(relationship))

    assert refusal is None
    assert snapshot(relationship) == before


def test_a_rehearsal_meets_the_refusal_the_command_would_meet() -> None:
    request, declined = a_request(), a_declined_request()

    by_the_requester = rehearse(lambda: request.accept(Actor(BUDI)))
    too_late = rehearse(lambda: declined.accept(Actor(ANA)))

    assert isinstance(by_the_requester, NotAllowed)
    assert isinstance(too_late, InvalidTransition)


def test_after_a_rehearsal_the_command_records_its_event_again() -> None:
    relationship = a_request()
    rehearse(lambda: relationship.accept(Actor(ANA)))

    relationship.accept(Actor(ANA))

    assert [type(e).__name__ for e in relationship.collect_events()] == ["Accepted"]


def test_the_invitee_is_offered_an_answer_and_the_requester_a_withdrawal() -> None:
    request = a_request()

    invitee, requester = offers(request, Actor(ANA)), offers(request, Actor(BUDI))

    assert invitee.may("accept") and invitee.may("decline") and not invitee.may("withdraw")
    assert requester.may("withdraw") and not requester.may("accept")
    assert not requester.may("add_goal") and not requester.may("pause")


def test_in_mentoring_only_the_mentee_is_offered_the_agenda_and_both_the_meeting() -> None:
    relationship = a_busy_relationship()
    meeting = first_meeting(relationship)

    mentor, mentee = offers(relationship, Actor(ANA)), offers(relationship, Actor(BUDI))

    assert mentee.may("prepare_agenda", meeting) and not mentor.may("prepare_agenda", meeting)
    assert mentor.may("hold_meeting", meeting) and mentee.may("cancel_meeting", meeting)
    assert mentor.may("achieve_goal", first_goal(relationship))


def test_between_peers_either_is_offered_the_agenda() -> None:
    relationship = a_peer_relationship()
    meeting = relationship.schedule_meeting(Actor(ANA), NEXT_MONDAY, 30, "video")

    assert offers(relationship, Actor(ANA)).may("prepare_agenda", meeting)
    assert offers(relationship, Actor(BUDI)).may("prepare_agenda", meeting)


def test_only_the_party_who_did_not_propose_is_offered_to_agree() -> None:
    relationship = a_busy_relationship()  # Budi proposed boundaries and peer mode

    proposer, other = offers(relationship, Actor(BUDI)), offers(relationship, Actor(ANA))

    assert other.may("agree_boundaries") and other.may("agree_mode")
    assert not proposer.may("agree_boundaries") and not proposer.may("agree_mode")


def test_a_change_of_mode_is_offered_only_to_what_is_not_in_force() -> None:
    relationship = a_busy_relationship()  # Ana mentors Budi

    offered = offers(relationship, Actor(ANA))

    assert offered.may("propose_peer")
    assert offered.may("propose_mentor", BUDI_ID) and not offered.may("propose_mentor", ANA)


def test_a_paused_relationship_offers_only_resuming_and_concluding() -> None:
    relationship = a_paused_relationship()

    offered = offers(relationship, Actor(BUDI))

    assert {name for name, _ in offered.allowed} == {"resume", "conclude"}


def test_a_coordinator_is_offered_pausing_and_concluding_and_nothing_of_the_parties() -> None:
    relationship = a_busy_relationship()

    coordinator = offers(relationship, Actor(COORDINATOR, coordinates=True))
    stranger = offers(relationship, Actor(CARLA))

    assert {name for name, _ in coordinator.allowed} == {"pause", "conclude"}
    assert not stranger
