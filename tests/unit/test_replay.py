"""Replay: whatever the parties and others try, the events rebuild exactly the live relationship."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings

from domain import Relationship
from tests.support.domain_world import BUDI, a_fresh_request, snapshot
from tests.support.histories import REFUSED, Step, kinds, perform, run, steps


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
