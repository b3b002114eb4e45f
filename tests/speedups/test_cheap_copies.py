"""Cheap copies (services.speedups.cheap_copies) behave as deep copies do for Tandem's
aggregates: whatever commands do to a copy, the original is unchanged."""

from __future__ import annotations

from hypothesis import given, settings

from services.speedups.cheap_copies import cheap_copy
from tests.support.domain_world import a_fresh_request, snapshot
from tests.support.histories import Step, kinds, run, steps


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

    twin = cheap_copy(relationship)
    assert twin.__dict__ == relationship.__dict__
    run(twin, after)

    assert snapshot(relationship) == original
