"""Requesting a relationship: who may ask whom, and one open relationship per pair and programme."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain import OpenPair, request_relationship
from domain import relationship_events as events
from domain.errors import AlreadyOpen, NotAllowed, NotEnrolled, SelfRequest
from domain.values import Mode, Status
from tests.support.domain_world import a_participant, a_programme


def test_a_mentee_requests_mentoring_from_a_mentor() -> None:
    program = a_programme()
    mentee = a_participant(program, "mentee")
    mentor = a_participant(program, "mentor")

    relationship, _ = request_relationship(
        program, mentee, mentor, None, "mentoring", ["Lead a design review"], "Would you?"
    )

    assert relationship.status is Status.REQUESTED
    assert relationship.mode is Mode.MENTORING
    assert (relationship.requester_id, relationship.invitee_id) == (mentee.id, mentor.id)
    assert (relationship.mentor_id, relationship.mentee_id) == (mentor.id, mentee.id)
    assert [goal.text for goal in relationship.goals.values()] == ["Lead a design review"]
    assert relationship.message == "Would you?"


def test_a_peer_requests_a_peer_relationship_from_another_peer() -> None:
    program = a_programme()
    requester = a_participant(program, "peer")
    invitee = a_participant(program, "peer")

    relationship, _ = request_relationship(program, requester, invitee, None, "peer", ["x"], "Hi")

    assert relationship.mode is Mode.PEER
    assert (relationship.mentor_id, relationship.mentee_id) == (None, None)


def test_a_request_is_recorded_as_done_by_the_requester() -> None:
    program = a_programme()
    mentee, mentor = a_participant(program, "mentee"), a_participant(program, "mentor")

    relationship, _ = request_relationship(program, mentee, mentor, None, "mentoring", ["x"], "")

    (requested,) = relationship.collect_events()
    assert isinstance(requested, events.Requested)
    assert requested.by == str(mentee.id)


def test_a_request_opens_the_pair_in_the_programme() -> None:
    program = a_programme()
    mentee, mentor = a_participant(program, "mentee"), a_participant(program, "mentor")

    relationship, pair = request_relationship(program, mentee, mentor, None, "mentoring", ["x"], "")

    assert pair.id == OpenPair.create_id(program.id, [mentor.id, mentee.id])
    assert pair.open_relationship_id == relationship.id


def test_a_participant_not_enrolled_in_the_programme_is_not_allowed_to_request() -> None:
    program = a_programme()
    outsider = a_participant(a_programme(), "mentee")
    mentor = a_participant(program, "mentor")

    with pytest.raises(NotAllowed):
        request_relationship(program, outsider, mentor, None, "mentoring", ["x"], "")


def test_nobody_can_request_themselves() -> None:
    program = a_programme()
    both = a_participant(program, "mentee", "mentor")

    with pytest.raises(SelfRequest):
        request_relationship(program, both, both, None, "mentoring", ["x"], "")


@pytest.mark.parametrize(
    ("kind", "requester_roles", "invitee_roles"),
    [
        ("mentoring", ["mentor"], ["mentor"]),
        ("mentoring", ["peer"], ["mentor"]),
        ("mentoring", ["mentee"], ["mentee"]),
        ("mentoring", ["mentee"], ["peer"]),
        ("peer", ["mentee"], ["peer"]),
        ("peer", ["peer"], ["mentor"]),
    ],
)
def test_both_parties_need_the_roles_that_fit_the_kind_of_request(
    kind: str, requester_roles: list[str], invitee_roles: list[str]
) -> None:
    program = a_programme()
    requester = a_participant(program, *requester_roles)
    invitee = a_participant(program, *invitee_roles)

    with pytest.raises(NotEnrolled):
        request_relationship(program, requester, invitee, None, kind, ["x"], "")


def test_an_invitee_enrolled_only_in_another_programme_is_not_enrolled() -> None:
    program = a_programme()
    mentee = a_participant(program, "mentee")
    elsewhere = a_participant(a_programme(), "mentor")

    with pytest.raises(NotEnrolled):
        request_relationship(program, mentee, elsewhere, None, "mentoring", ["x"], "")


def test_an_invitee_who_does_not_exist_is_not_enrolled() -> None:
    program = a_programme()
    mentee = a_participant(program, "mentee")

    with pytest.raises(NotEnrolled):
        request_relationship(program, mentee, None, None, "mentoring", ["x"], "")


def test_a_second_request_while_one_is_open_is_refused() -> None:
    program = a_programme()
    mentee, mentor = a_participant(program, "mentee"), a_participant(program, "mentor")
    _, pair = request_relationship(program, mentee, mentor, None, "mentoring", ["x"], "")

    with pytest.raises(AlreadyOpen):
        request_relationship(program, mentee, mentor, pair, "mentoring", ["y"], "")


def test_a_request_the_other_way_round_finds_the_same_pair() -> None:
    program_id, first, second = uuid4(), uuid4(), uuid4()

    one_way = OpenPair.create_id(program_id, [first, second])
    other_way = OpenPair.create_id(program_id, [second, first])

    assert one_way == other_way


def test_the_same_two_participants_make_another_pair_in_another_programme() -> None:
    first, second = uuid4(), uuid4()

    here = OpenPair.create_id(uuid4(), [first, second])
    there = OpenPair.create_id(uuid4(), [first, second])

    assert here != there


def test_a_released_pair_takes_a_new_request() -> None:
    program = a_programme()
    mentee, mentor = a_participant(program, "mentee"), a_participant(program, "mentor")
    first, pair = request_relationship(program, mentee, mentor, None, "mentoring", ["x"], "")
    pair.close(first.id)

    second, same_pair = request_relationship(program, mentee, mentor, pair, "mentoring", ["y"], "")

    assert same_pair is pair
    assert pair.open_relationship_id == second.id


def test_an_open_pair_refuses_a_second_relationship() -> None:
    pair = OpenPair(program_id=uuid4(), parties=[uuid4(), uuid4()])
    pair.open(uuid4())

    with pytest.raises(AlreadyOpen):
        pair.open(uuid4())


def test_closing_its_open_relationship_releases_the_pair() -> None:
    pair = OpenPair(program_id=uuid4(), parties=[uuid4(), uuid4()])
    relationship_id = uuid4()
    pair.open(relationship_id)

    pair.close(relationship_id)

    assert pair.open_relationship_id is None


def test_closing_some_other_relationship_leaves_the_pair_open() -> None:
    pair = OpenPair(program_id=uuid4(), parties=[uuid4(), uuid4()])
    open_id = uuid4()
    pair.open(open_id)
    pair.collect_events()

    pair.close(uuid4())

    assert pair.open_relationship_id == open_id
    assert pair.collect_events() == []
