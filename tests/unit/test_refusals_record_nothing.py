"""A refused command records no event and leaves the aggregates exactly as they were."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from uuid import uuid4

import pytest

from domain import OpenPair, Participant, Program, Relationship, request_relationship
from domain.errors import (
    AlreadyOpen,
    InvalidReference,
    InvalidTransition,
    ModeUnchanged,
    NoOpenProposal,
    NotAllowed,
    NotAParty,
    NotEnrolled,
    SelfRequest,
    UnknownPart,
)
from domain.values import Actor
from tests.support.domain_world import (
    ANA,
    BUDI,
    CARLA_ID,
    UNKNOWN_ID,
    a_declined_request,
    a_participant,
    a_paused_relationship,
    a_peer_relationship,
    a_programme,
    a_request,
    an_active_relationship,
    first_goal,
    first_meeting,
    propose_weekly_video,
    schedule_a_meeting,
    settled,
    snapshot,
)


@dataclass(frozen=True)
class Refusal:
    name: str
    arrange: Callable[[], Relationship]
    act: Callable[[Relationship], object]
    error: type[Exception]

    def __str__(self) -> str:
        return self.name


def with_a_held_meeting() -> Relationship:
    relationship = an_active_relationship()
    relationship.hold_meeting(actor=Actor(ANA), meeting_id=schedule_a_meeting(relationship))
    return settled(relationship)


def with_proposed_boundaries() -> Relationship:
    relationship = an_active_relationship()
    propose_weekly_video(relationship, by=BUDI)
    return settled(relationship)


def with_an_achieved_goal() -> Relationship:
    relationship = an_active_relationship()
    relationship.achieve_goal(actor=Actor(BUDI), goal_id=first_goal(relationship))
    return settled(relationship)


REFUSALS = [
    Refusal("requester accepts", a_request, lambda r: r.accept(actor=Actor(BUDI)), NotAllowed),
    Refusal(
        "accept declined",
        a_declined_request,
        lambda r: r.accept(actor=Actor(ANA)),
        InvalidTransition,
    ),
    Refusal(
        "proposer agrees",
        with_proposed_boundaries,
        lambda r: r.agree_boundaries(actor=Actor(BUDI)),
        NotAllowed,
    ),
    Refusal(
        "agree nothing",
        an_active_relationship,
        lambda r: r.agree_boundaries(actor=Actor(ANA)),
        NoOpenProposal,
    ),
    Refusal(
        "schedule while paused",
        a_paused_relationship,
        lambda r: schedule_a_meeting(r),
        InvalidTransition,
    ),
    Refusal(
        "hold twice",
        with_a_held_meeting,
        lambda r: r.hold_meeting(actor=Actor(BUDI), meeting_id=first_meeting(r)),
        InvalidTransition,
    ),
    Refusal(
        "mentor writes agenda",
        with_a_held_meeting,
        lambda r: r.prepare_agenda(
            actor=Actor(ANA),
            meeting_id=first_meeting(r),
            topics=[],
            progress_reflection="",
            development_areas=[],
        ),
        NotAllowed,
    ),
    Refusal(
        "achieve twice",
        with_an_achieved_goal,
        lambda r: r.achieve_goal(actor=Actor(ANA), goal_id=first_goal(r)),
        InvalidTransition,
    ),
    Refusal(
        "achieve unknown goal",
        an_active_relationship,
        lambda r: r.achieve_goal(actor=Actor(ANA), goal_id=UNKNOWN_ID),
        UnknownPart,
    ),
    Refusal(
        "peers propose peer",
        a_peer_relationship,
        lambda r: r.propose_mode(actor=Actor(ANA), mode="peer"),
        ModeUnchanged,
    ),
    Refusal(
        "outsider as mentor",
        a_peer_relationship,
        lambda r: r.propose_mode(actor=Actor(ANA), mode="mentoring", mentor_id=CARLA_ID),
        NotAParty,
    ),
    Refusal(
        "feedback on unknown meeting",
        an_active_relationship,
        lambda r: r.give_feedback(
            actor=Actor(ANA), about="attitude", content="", meeting_id=UNKNOWN_ID
        ),
        InvalidReference,
    ),
    Refusal(
        "unknown channel",
        an_active_relationship,
        lambda r: r.propose_boundaries(
            actor=Actor(ANA), meeting_every_days=7, channel="pigeon", confidential_topics=[]
        ),
        ValueError,
    ),
    Refusal(
        "unknown outcome",
        an_active_relationship,
        lambda r: r.conclude(actor=Actor(ANA), outcome="bored"),
        ValueError,
    ),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=str)
def test_a_refused_command_records_no_event_and_changes_nothing(refusal: Refusal) -> None:
    relationship = refusal.arrange()
    version = relationship.version
    before = snapshot(relationship)

    with pytest.raises(refusal.error):
        refusal.act(relationship)

    assert relationship.collect_events() == []
    assert relationship.version == version
    assert snapshot(relationship) == before


@dataclass(frozen=True)
class Parties:
    program: Program
    mentee: Participant
    mentor: Participant
    pair: OpenPair


def a_released_pair() -> Parties:
    """Mentee and mentor whose earlier relationship has closed, so their pair could open again."""
    program = a_programme()
    mentee, mentor = a_participant(program, "mentee"), a_participant(program, "mentor")
    pair = OpenPair(program_id=program.id, parties=[mentee.id, mentor.id])
    old_id = uuid4()
    pair.open(old_id)
    pair.close(old_id)
    pair.collect_events()
    return Parties(program, mentee, mentor, pair)


def an_open_pair() -> Parties:
    parties = a_released_pair()
    parties.pair.open(uuid4())
    parties.pair.collect_events()
    return parties


@dataclass(frozen=True)
class RefusedRequest:
    name: str
    arrange: Callable[[], Parties]
    who: Callable[[Parties], tuple[Participant, Participant | None, str]]
    error: type[Exception]

    def __str__(self) -> str:
        return self.name


REFUSED_REQUESTS = [
    RefusedRequest(
        "already open", an_open_pair, lambda p: (p.mentee, p.mentor, "mentoring"), AlreadyOpen
    ),
    RefusedRequest(
        "self request", a_released_pair, lambda p: (p.mentee, p.mentee, "mentoring"), SelfRequest
    ),
    RefusedRequest(
        "wrong roles", a_released_pair, lambda p: (p.mentee, p.mentor, "peer"), NotEnrolled
    ),
    RefusedRequest(
        "no invitee", a_released_pair, lambda p: (p.mentee, None, "mentoring"), NotEnrolled
    ),
    RefusedRequest(
        "requester not enrolled",
        a_released_pair,
        lambda p: (a_participant(), p.mentor, "mentoring"),
        NotAllowed,
    ),
]


@pytest.mark.parametrize("refused", REFUSED_REQUESTS, ids=str)
def test_a_refused_request_leaves_the_pair_and_the_participants_as_they_were(
    refused: RefusedRequest,
) -> None:
    parties = refused.arrange()
    requester, invitee, kind = refused.who(parties)
    pair_before = copy.deepcopy(parties.pair.__dict__)

    with pytest.raises(refused.error):
        request_relationship(parties.program, requester, invitee, parties.pair, kind, ["x"], "")

    assert parties.pair.collect_events() == []
    assert parties.pair.__dict__ == pair_before
    assert parties.mentee.collect_events() == parties.mentor.collect_events() == []
