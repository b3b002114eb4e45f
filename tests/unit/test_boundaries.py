"""Boundaries: one party proposes, the other agrees; what was agreed holds until a new agreement."""

from __future__ import annotations

import pytest

from domain.errors import InvalidTransition, NoOpenProposal, NotAllowed
from domain.values import Actor, Channel
from tests.support.domain_world import (
    ANA,
    BUDI,
    CARLA,
    a_request,
    an_active_relationship,
    propose_weekly_video,
)


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_propose_boundaries(party: str) -> None:
    relationship = an_active_relationship()

    propose_weekly_video(relationship, by=party)

    proposed = relationship.boundaries_proposed
    assert proposed is not None
    assert (proposed.meeting_every_days, proposed.channel) == (7, Channel.VIDEO)
    assert proposed.confidential_topics == ["salary"]
    assert proposed.proposed_by == party
    assert relationship.boundaries_in_force is None


def test_the_other_party_agrees_the_proposed_boundaries() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)

    relationship.agree_boundaries(actor=Actor(ANA))

    in_force = relationship.boundaries_in_force
    assert in_force is not None
    assert (in_force.meeting_every_days, in_force.channel) == (7, Channel.VIDEO)
    assert (in_force.proposed_by, in_force.agreed_by) == (BUDI, ANA)
    assert relationship.boundaries_proposed is None


def test_the_proposer_cannot_agree_their_own_boundaries() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)

    with pytest.raises(NotAllowed):
        relationship.agree_boundaries(actor=Actor(BUDI))


def test_an_outsider_cannot_agree_boundaries() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)

    with pytest.raises(NotAllowed):
        relationship.agree_boundaries(actor=Actor(CARLA))


def test_boundaries_cannot_be_agreed_without_a_proposal() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NoOpenProposal):
        relationship.agree_boundaries(actor=Actor(ANA))


def test_boundaries_cannot_be_agreed_twice() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    relationship.agree_boundaries(actor=Actor(ANA))

    with pytest.raises(NoOpenProposal):
        relationship.agree_boundaries(actor=Actor(ANA))


def test_agreed_boundaries_stay_in_force_while_a_renegotiation_is_open() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    relationship.agree_boundaries(actor=Actor(ANA))

    relationship.propose_boundaries(
        actor=Actor(ANA), meeting_every_days=30, channel="async", confidential_topics=[]
    )

    in_force = relationship.boundaries_in_force
    proposed = relationship.boundaries_proposed
    assert in_force is not None
    assert (in_force.meeting_every_days, in_force.channel) == (7, Channel.VIDEO)
    assert proposed is not None
    assert (proposed.meeting_every_days, proposed.channel) == (30, Channel.ASYNC)


def test_a_renegotiation_replaces_the_boundaries_once_agreed() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    relationship.agree_boundaries(actor=Actor(ANA))
    relationship.propose_boundaries(
        actor=Actor(ANA),
        meeting_every_days=30,
        channel="async",
        confidential_topics=[],
        notes="Slower",
    )

    relationship.agree_boundaries(actor=Actor(BUDI))

    in_force = relationship.boundaries_in_force
    assert in_force is not None
    assert (in_force.meeting_every_days, in_force.channel) == (30, Channel.ASYNC)
    assert (in_force.notes, in_force.agreed_by) == ("Slower", BUDI)
    assert relationship.boundaries_proposed is None


def test_a_counter_proposal_replaces_the_open_proposal() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)

    relationship.propose_boundaries(
        actor=Actor(ANA), meeting_every_days=14, channel="phone", confidential_topics=[]
    )

    proposed = relationship.boundaries_proposed
    assert proposed is not None
    assert (proposed.meeting_every_days, proposed.proposed_by) == (14, ANA)


def test_after_a_counter_proposal_the_first_proposer_may_agree() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    relationship.propose_boundaries(
        actor=Actor(ANA), meeting_every_days=14, channel="phone", confidential_topics=[]
    )

    relationship.agree_boundaries(actor=Actor(BUDI))

    in_force = relationship.boundaries_in_force
    assert in_force is not None
    assert in_force.channel is Channel.PHONE


def test_after_a_counter_proposal_the_counter_proposer_cannot_agree() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    relationship.propose_boundaries(
        actor=Actor(ANA), meeting_every_days=14, channel="phone", confidential_topics=[]
    )

    with pytest.raises(NotAllowed):
        relationship.agree_boundaries(actor=Actor(ANA))


def test_the_proposal_keeps_its_own_copy_of_the_confidential_topics() -> None:
    relationship = an_active_relationship()
    topics = ["salary"]
    relationship.propose_boundaries(
        actor=Actor(BUDI), meeting_every_days=7, channel="video", confidential_topics=topics
    )

    topics.append("health")

    proposed = relationship.boundaries_proposed
    assert proposed is not None
    assert proposed.confidential_topics == ["salary"]


def test_an_outsider_cannot_propose_boundaries() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        propose_weekly_video(relationship, by=CARLA)


def test_boundaries_need_an_active_relationship() -> None:
    relationship = a_request()

    with pytest.raises(InvalidTransition):
        propose_weekly_video(relationship, by=BUDI)


def test_an_unknown_channel_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(ValueError):
        relationship.propose_boundaries(
            actor=Actor(BUDI), meeting_every_days=7, channel="pigeon", confidential_topics=[]
        )


def test_the_boundaries_read_as_those_in_force_and_those_proposed() -> None:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    relationship.agree_boundaries(actor=Actor(ANA))
    relationship.propose_boundaries(
        actor=Actor(ANA), meeting_every_days=30, channel="async", confidential_topics=[]
    )

    boundaries = relationship.boundaries

    assert boundaries.in_force == relationship.boundaries_in_force
    assert boundaries.proposed == relationship.boundaries_proposed
