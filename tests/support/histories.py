"""Random histories of one relationship, for the property tests: steps drawn by hypothesis,
each a command by one of the parties or a coordinator, played on the domain alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from domain import Relationship
from domain.errors import DomainError, InvalidReference, NotAllowed, UnknownPart
from domain.values import Actor, Channel, MeetingMode
from tests.support.domain_world import (
    ANA,
    ANA_ID,
    BUDI,
    BUDI_ID,
    CARLA,
    CARLA_ID,
    COORDINATOR,
    NEXT_MONDAY,
    UNKNOWN_ID,
)

REFUSED = (DomainError, NotAllowed, UnknownPart, InvalidReference)
COMMANDS = [
    "accept",
    "decline",
    "withdraw",
    "propose_boundaries",
    "agree_boundaries",
    "add_goal",
    "achieve_goal",
    "schedule_meeting",
    "prepare_agenda",
    "hold_meeting",
    "cancel_meeting",
    "give_feedback",
    "propose_mode",
    "agree_mode",
    "pause",
    "resume",
    "conclude",
]

# Endings are drawn less often, so that most histories live long enough to be interesting.
ENDINGS = ("decline", "withdraw", "conclude")


@dataclass(frozen=True)
class Step:
    command: str
    actor: str
    pick: int
    mentor: UUID


a_step = st.builds(
    Step,
    command=st.sampled_from(COMMANDS + 4 * [c for c in COMMANDS if c not in ENDINGS]),
    actor=st.sampled_from([ANA, BUDI] * 3 + [CARLA, COORDINATOR]),
    pick=st.integers(min_value=0, max_value=3),
    mentor=st.sampled_from([ANA_ID, BUDI_ID, CARLA_ID]),
)
# Half the histories start with Ana accepting, so that most of them reach an active relationship.
ACCEPTANCE = Step("accept", ANA, 0, ANA_ID)
steps = st.builds(
    lambda accepted, rest: [ACCEPTANCE] * accepted + rest,
    st.booleans(),
    st.lists(a_step, min_size=10, max_size=60),
)
kinds = st.sampled_from(["mentoring", "peer"])


def nth(ids: Sequence[UUID], n: int) -> UUID:
    """An existing part for picks 0 to 2 when there is one; pick 3 names one that does not."""
    return ids[n % len(ids)] if ids and n < 3 else UNKNOWN_ID


def perform(r: Relationship, step: Step) -> None:
    by, n = step.actor, step.pick
    meeting_id = nth(list(r.meetings), n)
    as_coordinator = by == COORDINATOR
    match step.command:
        case "accept":
            r.accept(actor=Actor(by), message=None if n else "Gladly")
        case "decline":
            r.decline(actor=Actor(by), reason="Busy")
        case "withdraw":
            r.withdraw(actor=Actor(by), reason=None if n else "Changed my mind")
        case "propose_boundaries":
            channel = list(Channel)[n].value
            topics = ["salary"] * n
            notes = None if n % 2 else "Cameras on"
            r.propose_boundaries(Actor(by), 7 * (n + 1), channel, topics, notes)
        case "agree_boundaries":
            r.agree_boundaries(actor=Actor(by))
        case "add_goal":
            r.add_goal(actor=Actor(by), text=f"Goal {n}")
        case "achieve_goal":
            r.achieve_goal(
                actor=Actor(by), goal_id=nth(list(r.goals), n), note=None if n else "Done"
            )
        case "schedule_meeting":
            when = NEXT_MONDAY + timedelta(days=n)
            r.schedule_meeting(Actor(by), when, 30 + n, list(MeetingMode)[n].value)
        case "prepare_agenda":
            r.prepare_agenda(Actor(by), meeting_id, ["Topic"] * n, "Reflection", ["Area"])
        case "hold_meeting":
            held_at = None if n % 2 else NEXT_MONDAY
            r.hold_meeting(actor=Actor(by), meeting_id=meeting_id, held_at=held_at, summary=None)
        case "cancel_meeting":
            r.cancel_meeting(actor=Actor(by), meeting_id=meeting_id, reason="Ill")
        case "give_feedback":
            about_meeting = None if n == 0 else nth(list(r.meetings), n)
            r.give_feedback(Actor(by), "performance", "Clear.", about_meeting)
        case "propose_mode":
            mode = "peer" if n % 2 else "mentoring"
            r.propose_mode(actor=Actor(by), mode=mode, mentor_id=step.mentor)
        case "agree_mode":
            r.agree_mode(actor=Actor(by))
        case "pause":
            r.pause(actor=Actor(by, coordinates=as_coordinator), reason="Holiday")
        case "resume":
            r.resume(actor=Actor(by, coordinates=as_coordinator))
        case "conclude":
            r.conclude(actor=Actor(by, coordinates=as_coordinator), outcome="other")


def run(relationship: Relationship, steps: list[Step]) -> list[tuple[Step, Sequence[Any]]]:
    """Each step with the events it recorded; refused steps are skipped."""
    done = []
    for step in steps:
        try:
            perform(relationship, step)
        except REFUSED:
            continue
        done.append((step, relationship.collect_events()))
    return done
