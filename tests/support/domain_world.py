"""The domain world: the cast and the relationships the domain tests start from, and every
command in one table.

Ana mentors; Budi asks her to; Carla is enrolled in the programme but party to nothing here.
Every builder collects the events it caused, so a test sees only what it does itself.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain import Participant, Program, Relationship
from domain.values import Actor

PROGRAM_ID = UUID("00000000-0000-4000-8000-000000000001")
ANA_ID = UUID("00000000-0000-4000-8000-0000000000a1")
BUDI_ID = UUID("00000000-0000-4000-8000-0000000000b2")
CARLA_ID = UUID("00000000-0000-4000-8000-0000000000c3")
ANA, BUDI, CARLA = str(ANA_ID), str(BUDI_ID), str(CARLA_ID)
COORDINATOR = "coordinator-of-graduate-engineers"
UNKNOWN_ID = UUID("00000000-0000-4000-8000-00000000dead")
FIRST_GOAL_ID = UUID(int=1)  # fixed, so that two plays of one random history are equal
NEXT_MONDAY = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


# Programmes and participants.


def a_programme() -> Program:
    return Program(
        name="Graduate Engineers", description=None, meeting_every_days=14, coordinator=COORDINATOR
    )


def a_participant(program: Program | None = None, *roles: str) -> Participant:
    """A participant, enrolled in the programme with these roles when one is given."""
    participant = Participant(
        name="Someone", email=None, expertise=[], timezone=None, registered_by=COORDINATOR
    )
    if program is not None:
        participant.enrol(program.id, list(roles), by=COORDINATOR)
    participant.collect_events()
    return participant


# Relationships in every state.


def settled(relationship: Relationship) -> Relationship:
    relationship.collect_events()
    return relationship


def a_fresh_request(kind: str = "mentoring", goal_id: UUID = FIRST_GOAL_ID) -> Relationship:
    """Budi asks Ana, with the Requested event still pending."""
    return Relationship(
        program_id=PROGRAM_ID,
        requester_id=BUDI_ID,
        invitee_id=ANA_ID,
        kind=kind,
        goals=[{"id": goal_id, "text": "Lead a design review"}],
        message="Would you mentor me?",
        by=BUDI,
    )


def a_request(kind: str = "mentoring") -> Relationship:
    """Budi asks Ana: for mentoring by her, or as peers."""
    return settled(a_fresh_request(kind, goal_id=uuid4()))


def an_active_relationship(kind: str = "mentoring") -> Relationship:
    relationship = a_request(kind)
    relationship.accept(actor=Actor(ANA))
    return settled(relationship)


def a_peer_relationship() -> Relationship:
    return an_active_relationship("peer")


def a_declined_request() -> Relationship:
    relationship = a_request()
    relationship.decline(actor=Actor(ANA), reason="No time this quarter")
    return settled(relationship)


def a_withdrawn_request() -> Relationship:
    relationship = a_request()
    relationship.withdraw(actor=Actor(BUDI), reason="Found another mentor")
    return settled(relationship)


def a_busy_relationship() -> Relationship:
    """Active, with a meeting scheduled and Budi's proposals of boundaries and of peer mode open."""
    relationship = an_active_relationship()
    schedule_a_meeting(relationship)
    propose_weekly_video(relationship, by=BUDI)
    relationship.propose_mode(actor=Actor(BUDI), mode="peer")
    return settled(relationship)


def a_paused_relationship() -> Relationship:
    relationship = a_busy_relationship()
    relationship.pause(actor=Actor(BUDI), reason="Parental leave")
    return settled(relationship)


def a_concluded_relationship() -> Relationship:
    relationship = a_busy_relationship()
    relationship.conclude(actor=Actor(BUDI), outcome="goals_met")
    return settled(relationship)


def snapshot(relationship: Relationship) -> dict[str, Any]:
    """All the aggregate holds, version and pending events included: a refusal must change none."""
    return copy.deepcopy(relationship.__dict__)


# Parts of a relationship.


def schedule_a_meeting(relationship: Relationship, by: str = BUDI) -> UUID:
    meeting_id = relationship.schedule_meeting(
        actor=Actor(by), scheduled_for=NEXT_MONDAY, duration_minutes=45, mode="video"
    )
    relationship.collect_events()
    return meeting_id


def propose_weekly_video(relationship: Relationship, by: str) -> None:
    relationship.propose_boundaries(
        actor=Actor(by), meeting_every_days=7, channel="video", confidential_topics=["salary"]
    )


def first_goal(relationship: Relationship) -> UUID:
    return next(iter(relationship.goals))


def first_meeting(relationship: Relationship) -> UUID:
    return next(iter(relationship.meetings), UNKNOWN_ID)


def shift_to_peer(relationship: Relationship) -> None:
    relationship.propose_mode(actor=Actor(BUDI), mode="peer")
    relationship.agree_mode(actor=Actor(ANA))
    relationship.collect_events()


# Every command, done by the party who may do it in a busy relationship.


@dataclass(frozen=True)
class Command:
    name: str
    by: str
    run: Callable[[Relationship, str], object]

    def __call__(self, relationship: Relationship, by: str | None = None) -> object:
        return self.run(relationship, self.by if by is None else by)

    def __str__(self) -> str:
        return self.name


def _propose_boundaries(r: Relationship, by: str) -> None:
    r.propose_boundaries(
        actor=Actor(by), meeting_every_days=14, channel="chat", confidential_topics=[]
    )


def _prepare_agenda(r: Relationship, by: str) -> None:
    r.prepare_agenda(
        actor=Actor(by),
        meeting_id=first_meeting(r),
        topics=["Design reviews"],
        progress_reflection="I led one.",
        development_areas=["Feedback"],
    )


ACCEPT = Command("accept", ANA, lambda r, by: r.accept(actor=Actor(by)))
DECLINE = Command("decline", ANA, lambda r, by: r.decline(actor=Actor(by), reason="Busy"))
WITHDRAW = Command("withdraw", BUDI, lambda r, by: r.withdraw(actor=Actor(by)))
PROPOSE_BOUNDARIES = Command("propose boundaries", ANA, _propose_boundaries)
AGREE_BOUNDARIES = Command(
    "agree boundaries", ANA, lambda r, by: r.agree_boundaries(actor=Actor(by))
)
ADD_GOAL = Command(
    "add a goal", BUDI, lambda r, by: r.add_goal(actor=Actor(by), text="Present at a meetup")
)
ACHIEVE_GOAL = Command(
    "achieve a goal", BUDI, lambda r, by: r.achieve_goal(actor=Actor(by), goal_id=first_goal(r))
)
SCHEDULE_MEETING = Command(
    "schedule a meeting",
    ANA,
    lambda r, by: r.schedule_meeting(
        actor=Actor(by), scheduled_for=NEXT_MONDAY, duration_minutes=30, mode="phone"
    ),
)
PREPARE_AGENDA = Command("prepare an agenda", BUDI, _prepare_agenda)
HOLD_MEETING = Command(
    "hold a meeting",
    ANA,
    lambda r, by: r.hold_meeting(actor=Actor(by), meeting_id=first_meeting(r)),
)
CANCEL_MEETING = Command(
    "cancel a meeting",
    ANA,
    lambda r, by: r.cancel_meeting(actor=Actor(by), meeting_id=first_meeting(r), reason="Ill"),
)
GIVE_FEEDBACK = Command(
    "give feedback",
    ANA,
    lambda r, by: r.give_feedback(actor=Actor(by), about="performance", content="Clear writing."),
)
PROPOSE_MODE = Command(
    "propose a mode",
    ANA,
    lambda r, by: r.propose_mode(actor=Actor(by), mode="mentoring", mentor_id=BUDI_ID),
)
AGREE_MODE = Command("agree a mode", ANA, lambda r, by: r.agree_mode(actor=Actor(by)))
PAUSE = Command("pause", BUDI, lambda r, by: r.pause(actor=Actor(by), reason="Holiday"))
RESUME = Command("resume", BUDI, lambda r, by: r.resume(actor=Actor(by)))
CONCLUDE = Command("conclude", BUDI, lambda r, by: r.conclude(actor=Actor(by), outcome="other"))

ON_THE_RELATIONSHIP = [
    ACCEPT,
    DECLINE,
    WITHDRAW,
    PROPOSE_BOUNDARIES,
    ADD_GOAL,
    ACHIEVE_GOAL,
    SCHEDULE_MEETING,
    GIVE_FEEDBACK,
    PROPOSE_MODE,
    PAUSE,
    RESUME,
    CONCLUDE,
]
ON_ITS_PARTS = [AGREE_BOUNDARIES, PREPARE_AGENDA, HOLD_MEETING, CANCEL_MEETING, AGREE_MODE]
EVERY_COMMAND = ON_THE_RELATIONSHIP + ON_ITS_PARTS


def a_relationship_that_takes(command: Command) -> Relationship:
    """A relationship in which the command's party may do it: a request to answer, or else busy."""
    if command in (ACCEPT, DECLINE, WITHDRAW):
        return a_request()
    if command is RESUME:
        return a_paused_relationship()
    return a_busy_relationship()
