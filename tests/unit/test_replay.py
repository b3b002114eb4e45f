"""Replay: whatever the parties and others try, the events rebuild exactly the live relationship."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import Relationship
from domain.errors import DomainError, InvalidReference, NotAllowed, UnknownPart
from domain.values import Channel, MeetingMode
from tests.unit.builders import (
    ANA,
    ANA_ID,
    BUDI,
    BUDI_ID,
    CARLA,
    CARLA_ID,
    COORDINATOR,
    NEXT_MONDAY,
    PROGRAM_ID,
    UNKNOWN_ID,
    snapshot,
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


def a_fresh_request(kind: str) -> Relationship:
    """Budi asks Ana, with the Requested event still pending."""
    return Relationship(
        program_id=PROGRAM_ID,
        requester_id=BUDI_ID,
        invitee_id=ANA_ID,
        kind=kind,
        goals=[{"id": UUID(int=1), "text": "Lead a design review"}],
        message="Would you mentor me?",
        by=BUDI,
    )


def nth(ids: Sequence[UUID], n: int) -> UUID:
    """An existing part for picks 0 to 2 when there is one; pick 3 names one that does not."""
    return ids[n % len(ids)] if ids and n < 3 else UNKNOWN_ID


def perform(r: Relationship, step: Step) -> None:
    by, n = step.actor, step.pick
    meeting_id = nth(list(r.meetings), n)
    as_coordinator = by == COORDINATOR
    match step.command:
        case "accept":
            r.accept(by=by, message=None if n else "Gladly")
        case "decline":
            r.decline(by=by, reason="Busy")
        case "withdraw":
            r.withdraw(by=by, reason=None if n else "Changed my mind")
        case "propose_boundaries":
            channel = list(Channel)[n].value
            topics = ["salary"] * n
            notes = None if n % 2 else "Cameras on"
            r.propose_boundaries(by, 7 * (n + 1), channel, topics, notes)
        case "agree_boundaries":
            r.agree_boundaries(by=by)
        case "add_goal":
            r.add_goal(by=by, text=f"Goal {n}")
        case "achieve_goal":
            r.achieve_goal(by=by, goal_id=nth(list(r.goals), n), note=None if n else "Done")
        case "schedule_meeting":
            when = NEXT_MONDAY + timedelta(days=n)
            r.schedule_meeting(by, when, 30 + n, list(MeetingMode)[n].value)
        case "prepare_agenda":
            r.prepare_agenda(by, meeting_id, ["Topic"] * n, "Reflection", ["Area"])
        case "hold_meeting":
            held_at = None if n % 2 else NEXT_MONDAY
            r.hold_meeting(by=by, meeting_id=meeting_id, held_at=held_at, summary=None)
        case "cancel_meeting":
            r.cancel_meeting(by=by, meeting_id=meeting_id, reason="Ill")
        case "give_feedback":
            about_meeting = None if n == 0 else nth(list(r.meetings), n)
            r.give_feedback(by, "performance", "Clear.", about_meeting)
        case "propose_mode":
            mode = "peer" if n % 2 else "mentoring"
            r.propose_mode(by=by, mode=mode, mentor_id=step.mentor)
        case "agree_mode":
            r.agree_mode(by=by)
        case "pause":
            r.pause(by=by, reason="Holiday", as_coordinator=as_coordinator)
        case "resume":
            r.resume(by=by, as_coordinator=as_coordinator)
        case "conclude":
            r.conclude(by=by, outcome="other", as_coordinator=as_coordinator)


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


@settings(max_examples=300, deadline=None, database=None)
@given(kind=kinds, steps=steps)
def test_replaying_the_events_rebuilds_exactly_the_live_relationship(
    kind: str, steps: list[Step]
) -> None:
    relationship = a_fresh_request(kind)
    events = list(relationship.collect_events())
    for _, recorded in run(relationship, steps):
        events.extend(recorded)

    rebuilt: Relationship | None = None
    for event in events:
        rebuilt = event.mutate(rebuilt)

    assert rebuilt is not None
    assert rebuilt.__dict__ == relationship.__dict__
    assert rebuilt.version == len(events)


@settings(max_examples=300, deadline=None, database=None)
@given(kind=kinds, steps=steps)
def test_each_event_carries_the_acting_party_and_an_aware_time_in_order(
    kind: str, steps: list[Step]
) -> None:
    relationship = a_fresh_request(kind)
    (requested,) = relationship.collect_events()

    done = run(relationship, steps)

    assert vars(requested)["by"] == BUDI
    for step, recorded in done:
        (event,) = recorded
        assert vars(event)["by"] == step.actor
    times = [e.timestamp for e in [requested, *(e for _, recorded in done for e in recorded)]]
    assert all(time.utcoffset() is not None for time in times)
    assert times == sorted(times)


@dataclass(frozen=True)
class Outcome:
    step: Step
    refused: bool
    events: int
    unchanged: bool

    @property
    def is_atomic(self) -> bool:
        return (self.events, self.unchanged) == (0, True) if self.refused else self.events == 1


def attempt(relationship: Relationship, step: Step) -> Outcome:
    before = snapshot(relationship)
    try:
        perform(relationship, step)
        refused = False
    except REFUSED:
        refused = True
    events = len(relationship.collect_events())
    return Outcome(step, refused, events, snapshot(relationship) == before)


@settings(max_examples=300, deadline=None, database=None)
@given(kind=kinds, steps=steps)
def test_every_command_in_a_history_records_one_event_or_changes_nothing(
    kind: str, steps: list[Step]
) -> None:
    relationship = a_fresh_request(kind)
    relationship.collect_events()

    outcomes = [attempt(relationship, step) for step in steps]

    assert [outcome for outcome in outcomes if not outcome.is_atomic] == []


@settings(max_examples=200, deadline=None, database=None)
@given(kind=kinds, before=steps, after=steps)
def test_a_copy_changes_without_changing_the_original(
    kind: str, before: list[Step], after: list[Step]
) -> None:
    """The application's cache hands out copies: what a command does to one stays in it."""
    relationship = a_fresh_request(kind)
    relationship.collect_events()
    run(relationship, before)
    original = snapshot(relationship)

    twin = copy.deepcopy(relationship)
    assert twin.__dict__ == relationship.__dict__
    run(twin, after)

    assert snapshot(relationship) == original
