"""Answering a request: the invitee accepts or declines, the requester may withdraw meanwhile."""

from __future__ import annotations

import pytest

from domain import relationship_events as events
from domain.errors import InvalidTransition, NotAllowed
from domain.values import Actor, Status
from tests.support.domain_world import (
    ANA,
    BUDI,
    CARLA,
    a_declined_request,
    a_request,
    a_withdrawn_request,
    an_active_relationship,
)


def test_the_invitee_accepts_a_request() -> None:
    relationship = a_request()

    relationship.accept(actor=Actor(ANA), message="Gladly")

    assert relationship.status is Status.ACTIVE
    assert relationship.accepted_at is not None


def test_accepting_is_recorded_as_done_by_the_invitee() -> None:
    relationship = a_request()

    relationship.accept(actor=Actor(ANA))

    (accepted,) = relationship.collect_events()
    assert isinstance(accepted, events.Accepted)
    assert accepted.by == ANA


def test_the_invitee_declines_a_request_with_a_reason() -> None:
    relationship = a_request()

    relationship.decline(actor=Actor(ANA), reason="No time this quarter")

    assert relationship.status is Status.DECLINED
    assert relationship.status_reason == "No time this quarter"


def test_the_requester_withdraws_a_request() -> None:
    relationship = a_request()

    relationship.withdraw(actor=Actor(BUDI), reason="Found another mentor")

    assert relationship.status is Status.WITHDRAWN
    assert relationship.status_reason == "Found another mentor"


def test_the_requester_withdraws_a_request_without_a_reason() -> None:
    relationship = a_request()

    relationship.withdraw(actor=Actor(BUDI))

    assert relationship.status is Status.WITHDRAWN
    assert relationship.status_reason is None


@pytest.mark.parametrize("someone", [BUDI, CARLA], ids=["the requester", "an outsider"])
def test_only_the_invitee_can_accept(someone: str) -> None:
    relationship = a_request()

    with pytest.raises(NotAllowed):
        relationship.accept(actor=Actor(someone))


@pytest.mark.parametrize("someone", [BUDI, CARLA], ids=["the requester", "an outsider"])
def test_only_the_invitee_can_decline(someone: str) -> None:
    relationship = a_request()

    with pytest.raises(NotAllowed):
        relationship.decline(actor=Actor(someone), reason="Never mind")


@pytest.mark.parametrize("someone", [ANA, CARLA], ids=["the invitee", "an outsider"])
def test_only_the_requester_can_withdraw(someone: str) -> None:
    relationship = a_request()

    with pytest.raises(NotAllowed):
        relationship.withdraw(actor=Actor(someone))


def test_a_declined_request_cannot_be_accepted() -> None:
    relationship = a_declined_request()

    with pytest.raises(InvalidTransition):
        relationship.accept(actor=Actor(ANA))


def test_a_withdrawn_request_cannot_be_accepted() -> None:
    relationship = a_withdrawn_request()

    with pytest.raises(InvalidTransition):
        relationship.accept(actor=Actor(ANA))


def test_a_declined_request_cannot_be_declined_again() -> None:
    relationship = a_declined_request()

    with pytest.raises(InvalidTransition):
        relationship.decline(actor=Actor(ANA), reason="Really no time")


def test_a_declined_request_cannot_be_withdrawn() -> None:
    relationship = a_declined_request()

    with pytest.raises(InvalidTransition):
        relationship.withdraw(actor=Actor(BUDI))


def test_an_accepted_request_cannot_be_accepted_again() -> None:
    relationship = an_active_relationship()

    with pytest.raises(InvalidTransition):
        relationship.accept(actor=Actor(ANA))


def test_an_accepted_request_cannot_be_declined() -> None:
    relationship = an_active_relationship()

    with pytest.raises(InvalidTransition):
        relationship.decline(actor=Actor(ANA), reason="Changed my mind")


def test_an_accepted_request_cannot_be_withdrawn() -> None:
    relationship = an_active_relationship()

    with pytest.raises(InvalidTransition):
        relationship.withdraw(actor=Actor(BUDI))
