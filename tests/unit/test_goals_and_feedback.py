"""Goals are set and achieved by either party; feedback goes from one party to the other."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidReference, InvalidTransition, NotAllowed, UnknownPart
from domain.values import Actor, FeedbackAbout
from tests.support.domain_world import (
    ANA,
    ANA_ID,
    BUDI,
    BUDI_ID,
    CARLA,
    a_request,
    an_active_relationship,
    first_goal,
    schedule_a_meeting,
)


def test_the_goals_of_the_request_are_the_first_goals() -> None:
    relationship = a_request()

    goals = list(relationship.goals.values())

    assert [(goal.text, goal.added_by) for goal in goals] == [("Lead a design review", BUDI)]


def test_goals_are_listed_oldest_first() -> None:
    relationship = an_active_relationship()
    relationship.add_goal(actor=Actor(ANA), text="Present at a meetup")

    goals = relationship.goal_list

    assert [goal.text for goal in goals] == ["Lead a design review", "Present at a meetup"]


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_add_a_goal(party: str) -> None:
    relationship = an_active_relationship()

    goal_id = relationship.add_goal(actor=Actor(party), text="Present at a meetup")

    goal = relationship.goals[goal_id]
    assert (goal.text, goal.added_by, goal.achieved_at) == ("Present at a meetup", party, None)


@pytest.mark.parametrize("party", [ANA, BUDI])
def test_either_party_can_mark_a_goal_achieved(party: str) -> None:
    relationship = an_active_relationship()
    goal_id = first_goal(relationship)

    relationship.achieve_goal(actor=Actor(party), goal_id=goal_id, note="Went well")

    goal = relationship.goals[goal_id]
    assert goal.achieved_at is not None
    assert (goal.achieved_by, goal.note) == (party, "Went well")


def test_a_goal_added_later_can_be_achieved() -> None:
    relationship = an_active_relationship()
    goal_id = relationship.add_goal(actor=Actor(ANA), text="Present at a meetup")

    relationship.achieve_goal(actor=Actor(BUDI), goal_id=goal_id)

    assert relationship.goals[goal_id].achieved_by == BUDI


def test_a_goal_is_achieved_only_once() -> None:
    relationship = an_active_relationship()
    goal_id = first_goal(relationship)
    relationship.achieve_goal(actor=Actor(BUDI), goal_id=goal_id)

    with pytest.raises(InvalidTransition):
        relationship.achieve_goal(actor=Actor(ANA), goal_id=goal_id)


def test_achieving_an_unknown_goal_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(UnknownPart):
        relationship.achieve_goal(actor=Actor(BUDI), goal_id=UUID(int=7))


def test_goals_need_an_active_relationship() -> None:
    relationship = a_request()

    with pytest.raises(InvalidTransition):
        relationship.add_goal(actor=Actor(BUDI), text="Present at a meetup")


def test_an_outsider_cannot_add_goals() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        relationship.add_goal(actor=Actor(CARLA), text="Take over")


def test_an_outsider_cannot_mark_a_goal_achieved() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        relationship.achieve_goal(actor=Actor(CARLA), goal_id=first_goal(relationship))


@pytest.mark.parametrize(
    ("giver", "giver_id", "receiver_id"),
    [(ANA, ANA_ID, BUDI_ID), (BUDI, BUDI_ID, ANA_ID)],
    ids=["from the mentor", "from the mentee"],
)
def test_feedback_goes_to_the_other_party(giver: str, giver_id: UUID, receiver_id: UUID) -> None:
    relationship = an_active_relationship()

    relationship.give_feedback(actor=Actor(giver), about="attitude", content="Always prepared.")

    (feedback,) = relationship.feedback
    assert (feedback.from_id, feedback.to_id) == (giver_id, receiver_id)
    assert (feedback.about, feedback.content) == (FeedbackAbout.ATTITUDE, "Always prepared.")
    assert feedback.meeting_id is None


def test_feedback_may_be_about_a_meeting_of_the_relationship() -> None:
    relationship = an_active_relationship()
    meeting_id = schedule_a_meeting(relationship)

    relationship.give_feedback(
        actor=Actor(ANA), about="performance", content="Sharp questions.", meeting_id=meeting_id
    )

    assert relationship.feedback[0].meeting_id == meeting_id


def test_feedback_about_a_meeting_of_another_relationship_is_an_invalid_reference() -> None:
    relationship = an_active_relationship()
    elsewhere = schedule_a_meeting(an_active_relationship())

    with pytest.raises(InvalidReference) as refused:
        relationship.give_feedback(
            actor=Actor(ANA), about="behaviour", content="?", meeting_id=elsewhere
        )

    assert refused.value.field == "meeting_id"


def test_an_unknown_kind_of_feedback_is_refused() -> None:
    relationship = an_active_relationship()

    with pytest.raises(ValueError):
        relationship.give_feedback(actor=Actor(ANA), about="haircut", content="Nice.")


def test_feedback_needs_an_active_relationship() -> None:
    relationship = a_request()

    with pytest.raises(InvalidTransition):
        relationship.give_feedback(actor=Actor(BUDI), about="attitude", content="Eager.")


def test_an_outsider_cannot_give_feedback() -> None:
    relationship = an_active_relationship()

    with pytest.raises(NotAllowed):
        relationship.give_feedback(actor=Actor(CARLA), about="attitude", content="Meh.")
