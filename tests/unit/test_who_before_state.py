"""Who may act is checked before what the state allows: a forbidden caller is told so first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain import Relationship
from domain.errors import NotAllowed
from domain.values import Actor
from tests.support.domain_world import (
    ANA,
    BUDI,
    CARLA,
    CONCLUDE,
    COORDINATOR,
    EVERY_COMMAND,
    PAUSE,
    RESUME,
    Command,
    a_busy_relationship,
    a_concluded_relationship,
    a_declined_request,
    a_paused_relationship,
    a_request,
    a_withdrawn_request,
    first_meeting,
    snapshot,
)

EVERY_STATE = [
    a_request,
    a_busy_relationship,
    a_paused_relationship,
    a_declined_request,
    a_withdrawn_request,
    a_concluded_relationship,
]
STATE_NAMES = ["requested", "active", "paused", "declined", "withdrawn", "concluded"]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=str)
@pytest.mark.parametrize("state", EVERY_STATE, ids=STATE_NAMES)
def test_an_outsider_may_do_nothing_whatever_the_state(
    state: Callable[[], Relationship], command: Command
) -> None:
    relationship = state()
    before = snapshot(relationship)

    with pytest.raises(NotAllowed):
        command(relationship, by=CARLA)

    assert snapshot(relationship) == before


@pytest.mark.parametrize(
    "command", [c for c in EVERY_COMMAND if c not in (PAUSE, RESUME, CONCLUDE)], ids=str
)
def test_a_coordinator_may_only_pause_resume_and_conclude(command: Command) -> None:
    relationship = a_busy_relationship()
    before = snapshot(relationship)

    with pytest.raises(NotAllowed):
        command(relationship, by=COORDINATOR)

    assert snapshot(relationship) == before


@pytest.mark.parametrize("command", [PAUSE, RESUME, CONCLUDE], ids=str)
def test_a_coordinator_acting_as_a_party_is_not_allowed(command: Command) -> None:
    relationship = a_paused_relationship()
    before = snapshot(relationship)

    with pytest.raises(NotAllowed):
        command(relationship, by=COORDINATOR)

    assert snapshot(relationship) == before


def test_the_requester_accepting_a_declined_request_is_not_allowed() -> None:
    relationship = a_declined_request()

    with pytest.raises(NotAllowed):
        relationship.accept(actor=Actor(BUDI))


def test_the_requester_declining_a_withdrawn_request_is_not_allowed() -> None:
    relationship = a_withdrawn_request()

    with pytest.raises(NotAllowed):
        relationship.decline(actor=Actor(BUDI), reason="Too late")


def test_the_invitee_withdrawing_a_concluded_relationship_is_not_allowed() -> None:
    relationship = a_concluded_relationship()

    with pytest.raises(NotAllowed):
        relationship.withdraw(actor=Actor(ANA))


def test_the_proposer_agreeing_boundaries_in_a_paused_relationship_is_not_allowed() -> None:
    relationship = a_paused_relationship()

    with pytest.raises(NotAllowed):
        relationship.agree_boundaries(actor=Actor(BUDI))


def test_the_proposer_agreeing_a_mode_in_a_concluded_relationship_is_not_allowed() -> None:
    relationship = a_concluded_relationship()

    with pytest.raises(NotAllowed):
        relationship.agree_mode(actor=Actor(BUDI))


def test_the_mentor_writing_the_agenda_of_a_held_meeting_is_not_allowed() -> None:
    relationship = a_busy_relationship()
    meeting_id = first_meeting(relationship)
    relationship.hold_meeting(actor=Actor(ANA), meeting_id=meeting_id)

    with pytest.raises(NotAllowed):
        relationship.prepare_agenda(
            actor=Actor(ANA),
            meeting_id=meeting_id,
            topics=["x"],
            progress_reflection="x",
            development_areas=[],
        )


def test_the_mentor_writing_the_agenda_of_an_unknown_meeting_is_not_allowed() -> None:
    relationship = a_busy_relationship()

    with pytest.raises(NotAllowed):
        relationship.prepare_agenda(
            actor=Actor(ANA),
            meeting_id=relationship.id,
            topics=["x"],
            progress_reflection="x",
            development_areas=[],
        )
