"""Pausing, resuming and concluding; what a requested, paused or ended relationship still takes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain import Relationship
from domain import relationship_events as events
from domain.errors import InvalidTransition, NotAllowed
from domain.values import Actor, Outcome, Status
from tests.support.domain_world import (
    ACCEPT,
    ANA,
    BUDI,
    CARLA,
    CONCLUDE,
    COORDINATOR,
    DECLINE,
    EVERY_COMMAND,
    ON_THE_RELATIONSHIP,
    RESUME,
    WITHDRAW,
    Command,
    a_concluded_relationship,
    a_declined_request,
    a_paused_relationship,
    a_relationship_that_takes,
    a_request,
    a_withdrawn_request,
    an_active_relationship,
    snapshot,
)

ANSWERS = [ACCEPT, DECLINE, WITHDRAW]


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_pause_an_active_relationship(party: str) -> None:
    relationship = an_active_relationship()

    relationship.pause(actor=Actor(party), reason="Parental leave")

    assert relationship.status is Status.PAUSED
    assert relationship.status_reason == "Parental leave"


def test_a_coordinator_can_pause_a_relationship_of_their_programme() -> None:
    relationship = an_active_relationship()

    relationship.pause(actor=Actor(COORDINATOR, coordinates=True), reason="Mentor on sick leave")

    (paused,) = relationship.collect_events()
    assert relationship.status is Status.PAUSED
    assert isinstance(paused, events.Paused)
    assert paused.by == COORDINATOR


def test_someone_neither_party_nor_coordinator_cannot_pause() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        relationship.pause(actor=Actor(CARLA), reason="Curious")


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_resume_a_paused_relationship(party: str) -> None:
    relationship = a_paused_relationship()

    relationship.resume(actor=Actor(party))

    assert relationship.status is Status.ACTIVE
    assert relationship.status_reason is None


def test_a_coordinator_can_resume_a_paused_relationship() -> None:
    relationship = a_paused_relationship()

    relationship.resume(actor=Actor(COORDINATOR, coordinates=True))

    assert relationship.status is Status.ACTIVE


def test_an_active_relationship_cannot_be_resumed() -> None:
    relationship = an_active_relationship()

    with pytest.raises(InvalidTransition):
        relationship.resume(actor=Actor(BUDI))


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_conclude_an_active_relationship(party: str) -> None:
    relationship = an_active_relationship()

    relationship.conclude(actor=Actor(party), outcome="goals_met", reflection="I grew a lot.")

    assert relationship.status is Status.CONCLUDED
    assert relationship.conclusion is not None
    assert relationship.conclusion.outcome is Outcome.GOALS_MET
    assert relationship.conclusion.reflection == "I grew a lot."
    assert relationship.conclusion.concluded_by == party


def test_a_paused_relationship_can_be_concluded() -> None:
    relationship = a_paused_relationship()

    relationship.conclude(actor=Actor(ANA), outcome="no_longer_needed")

    assert relationship.status is Status.CONCLUDED
    assert relationship.status_reason is None


def test_a_coordinator_can_conclude_a_relationship_of_their_programme() -> None:
    relationship = an_active_relationship()

    relationship.conclude(actor=Actor(COORDINATOR, coordinates=True), outcome="mismatch")

    assert relationship.status is Status.CONCLUDED


def test_an_unknown_outcome_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(ValueError):
        relationship.conclude(actor=Actor(BUDI), outcome="bored")


def test_the_parties_can_still_be_read_after_the_end() -> None:
    relationship = a_concluded_relationship()

    parties = relationship.parties

    assert parties == (relationship.requester_id, relationship.invitee_id)
    assert relationship.mentee_id == relationship.requester_id


@pytest.mark.parametrize("command", [c for c in ON_THE_RELATIONSHIP if c not in ANSWERS], ids=str)
def test_a_request_takes_nothing_but_an_answer(command: Command) -> None:
    relationship = a_request()
    before = snapshot(relationship)

    with pytest.raises(InvalidTransition):
        command(relationship)

    assert snapshot(relationship) == before


@pytest.mark.parametrize(
    "command", [c for c in EVERY_COMMAND if c not in (RESUME, CONCLUDE)], ids=str
)
def test_a_paused_relationship_accepts_only_resume_and_conclude(command: Command) -> None:
    relationship = a_paused_relationship()
    before = snapshot(relationship)

    with pytest.raises(InvalidTransition):
        command(relationship)

    assert snapshot(relationship) == before


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=str)
def test_nothing_but_reads_after_a_relationship_is_concluded(command: Command) -> None:
    relationship = a_concluded_relationship()
    before = snapshot(relationship)

    with pytest.raises(InvalidTransition):
        command(relationship)

    assert snapshot(relationship) == before


@pytest.mark.parametrize("command", ON_THE_RELATIONSHIP, ids=str)
@pytest.mark.parametrize(
    "ended", [a_declined_request, a_withdrawn_request], ids=["declined", "withdrawn"]
)
def test_nothing_but_reads_after_a_request_is_declined_or_withdrawn(
    ended: Callable[[], Relationship], command: Command
) -> None:
    relationship = ended()
    before = snapshot(relationship)

    with pytest.raises(InvalidTransition):
        command(relationship)

    assert snapshot(relationship) == before


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=str)
def test_every_command_works_from_a_state_that_takes_it(command: Command) -> None:
    """Guards the tables above: their refusals come from the state, not from a wrong setup."""
    relationship = a_relationship_that_takes(command)

    command(relationship)

    assert len(relationship.collect_events()) == 1
