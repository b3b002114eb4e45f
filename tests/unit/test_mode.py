"""Mode: mentoring (one party mentors the other) or peer, changed only when both agree."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidTransition, ModeUnchanged, NoOpenProposal, NotAllowed, NotAParty
from domain.values import Actor, Mode
from tests.support.domain_world import (
    ANA,
    ANA_ID,
    BUDI,
    BUDI_ID,
    CARLA,
    CARLA_ID,
    a_peer_relationship,
    a_request,
    an_active_relationship,
    shift_to_peer,
)


def test_in_mentoring_the_invitee_mentors_and_the_requester_is_mentee() -> None:
    relationship = an_active_relationship()

    roles = (relationship.mentor_id, relationship.mentee_id)

    assert roles == (ANA_ID, BUDI_ID)


def test_in_peer_mode_there_is_neither_mentor_nor_mentee() -> None:
    relationship = a_peer_relationship()

    roles = (relationship.mentor_id, relationship.mentee_id)

    assert roles == (None, None)


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_propose_a_shift_to_peer(party: str) -> None:
    relationship = an_active_relationship()

    relationship.propose_mode(actor=Actor(party), mode="peer")

    proposal = relationship.mode_proposal
    assert proposal is not None
    assert (proposal.mode, proposal.mentor_id, proposal.proposed_by) == (Mode.PEER, None, party)


def test_the_mode_stays_until_the_change_is_agreed() -> None:
    relationship = an_active_relationship()

    relationship.propose_mode(actor=Actor(BUDI), mode="peer")

    assert relationship.mode is Mode.MENTORING
    assert relationship.mentor_id == ANA_ID


def test_shifting_to_peer_clears_mentor_and_mentee() -> None:
    relationship = an_active_relationship()
    relationship.propose_mode(actor=Actor(BUDI), mode="peer")

    relationship.agree_mode(actor=Actor(ANA))

    assert relationship.mode is Mode.PEER
    assert (relationship.mentor_id, relationship.mentee_id) == (None, None)
    assert relationship.mode_proposal is None


def test_shifting_back_with_the_requester_as_mentor_makes_the_invitee_mentee() -> None:
    relationship = an_active_relationship()
    shift_to_peer(relationship)
    relationship.propose_mode(actor=Actor(ANA), mode="mentoring", mentor_id=BUDI_ID)

    relationship.agree_mode(actor=Actor(BUDI))

    assert relationship.mode is Mode.MENTORING
    assert (relationship.mentor_id, relationship.mentee_id) == (BUDI_ID, ANA_ID)


def test_shifting_back_with_the_invitee_as_mentor_makes_the_requester_mentee() -> None:
    relationship = an_active_relationship()
    shift_to_peer(relationship)
    relationship.propose_mode(actor=Actor(BUDI), mode="mentoring", mentor_id=ANA_ID)

    relationship.agree_mode(actor=Actor(ANA))

    assert (relationship.mentor_id, relationship.mentee_id) == (ANA_ID, BUDI_ID)


def test_a_peer_relationship_can_become_mentoring() -> None:
    relationship = a_peer_relationship()
    relationship.propose_mode(actor=Actor(ANA), mode="mentoring", mentor_id=ANA_ID)

    relationship.agree_mode(actor=Actor(BUDI))

    assert (relationship.mentor_id, relationship.mentee_id) == (ANA_ID, BUDI_ID)


def test_the_roles_can_be_reversed_without_passing_through_peer() -> None:
    relationship = an_active_relationship()
    relationship.propose_mode(actor=Actor(ANA), mode="mentoring", mentor_id=BUDI_ID)

    relationship.agree_mode(actor=Actor(BUDI))

    assert (relationship.mentor_id, relationship.mentee_id) == (BUDI_ID, ANA_ID)


def test_the_kind_requested_is_kept_when_the_mode_shifts() -> None:
    relationship = an_active_relationship()

    shift_to_peer(relationship)

    assert relationship.kind is Mode.MENTORING


def test_the_proposer_cannot_agree_their_own_change_of_mode() -> None:
    relationship = an_active_relationship()
    relationship.propose_mode(actor=Actor(BUDI), mode="peer")

    with pytest.raises(NotAllowed):
        relationship.agree_mode(actor=Actor(BUDI))


def test_an_outsider_cannot_agree_a_change_of_mode() -> None:
    relationship = an_active_relationship()
    relationship.propose_mode(actor=Actor(BUDI), mode="peer")

    with pytest.raises(NotAllowed):
        relationship.agree_mode(actor=Actor(CARLA))


def test_a_change_of_mode_cannot_be_agreed_without_a_proposal() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NoOpenProposal):
        relationship.agree_mode(actor=Actor(ANA))


def test_proposing_peer_mode_to_peers_is_refused() -> None:
    relationship = a_peer_relationship()

    with pytest.raises(ModeUnchanged):
        relationship.propose_mode(actor=Actor(ANA), mode="peer")


def test_proposing_the_mentor_already_mentoring_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(ModeUnchanged):
        relationship.propose_mode(actor=Actor(BUDI), mode="mentoring", mentor_id=ANA_ID)


@pytest.mark.parametrize("mentor_id", [CARLA_ID, None], ids=["an outsider", "nobody"])
def test_the_mentor_must_be_one_of_the_two_parties(mentor_id: UUID | None) -> None:
    relationship = a_peer_relationship()

    with pytest.raises(NotAParty):
        relationship.propose_mode(actor=Actor(ANA), mode="mentoring", mentor_id=mentor_id)


def test_an_outsider_cannot_propose_a_change_of_mode() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        relationship.propose_mode(actor=Actor(CARLA), mode="peer")


def test_a_change_of_mode_needs_an_active_relationship() -> None:
    relationship = a_request()

    with pytest.raises(InvalidTransition):
        relationship.propose_mode(actor=Actor(BUDI), mode="peer")


def test_an_unknown_mode_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(ValueError):
        relationship.propose_mode(actor=Actor(BUDI), mode="coaching")
