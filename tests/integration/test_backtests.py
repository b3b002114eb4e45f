"""Backtests: the at-risk rule with another period, replayed over a span from the temporal
views. Each relationship flagged has a first moment at which the views, asked then with that
period, answer `needs_check_in`; at no moment of the span is a relationship needing a check-in
left unflagged or flagged later; on both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import clock
from domain.errors import InvalidReference
from services import analytics
from services.views import as_of as then
from services.views import temporal
from services.views.schema import DAY
from services.views.temporal import OFFSET, key, moment
from services.wiring import Services
from tests.support.properties import over_histories
from tests.support.random_world import World, play_timed, timed_step
from tests.support.replay import START, health_then, turning_points
from tests.support.timeline import Story, day

# Health at :now had every period been :period, from the temporal views (which equal the
# replayed past: test_the_past_matches_a_replay.py); cheap enough to ask at every turn.
HEALTH_WITH_PERIOD = then.SUMMARIES.replace("r.period_days", ":period").format(
    visible="1 = 1", filters="1 = 1", health_filter="1 = 1"
)
# Where health may turn: when a row version began (a key), and (in seconds, before adding the
# period) when a meeting or the acceptance stops being recent, or a meeting falls due.
TURNS = """SELECT valid_from AS began, accepted_at, last_meeting_at FROM view_relationships
WHERE program_id = :program_id UNION ALL
SELECT valid_from, accepted_at, last_meeting_at FROM view_relationship_history
WHERE program_id = :program_id"""
FALLS = """SELECT scheduled_for FROM view_meetings WHERE program_id = :program_id UNION ALL
SELECT scheduled_for FROM view_meeting_history WHERE program_id = :program_id"""


def turns_with(services: Services, program: UUID, period: int, start: int, end: int) -> list[int]:
    """Every key of [start, end] at which some relationship's health with `period` may turn,
    with a few microseconds either side: the first moment of needing a check-in is one."""
    params, after = {"program_id": str(program)}, period * DAY
    keys = set()
    for row in services.views.fetch(TURNS, params):
        keys.add(row["began"])
        keys |= {
            _key(row[name] + after) for name in ("accepted_at", "last_meeting_at") if row[name]
        }
    for row in services.views.fetch(FALLS, params):
        keys |= {_key(row["scheduled_for"]), _key(row["scheduled_for"] - after)}
    near = {k + n for k in keys for n in range(-2, 3)}
    return sorted(k for k in near | {start, end} if start <= k <= end)


def _key(seconds: float) -> int:
    return round(seconds * 1_000_000) + OFFSET


def health_with(services: Services, program: UUID, period: int, at: int) -> dict[str, Any]:
    params = {"program_id": str(program), "period": period, "after_seq": 0, "limit": 10**6}
    rows = services.views.fetch(HEALTH_WITH_PERIOD, params | temporal.at(moment(at)))
    return {row["id"]: row["health"] for row in rows}


@over_histories(30)
@given(
    steps=st.lists(timed_step, min_size=20, max_size=80),
    period=st.sampled_from([1, 7, 14, 30]),
    data=st.data(),
)
def test_a_backtest_flags_each_relationship_from_the_first_moment_the_rule_would_have(
    services: Services,
    steps: list[tuple[tuple[int, int, int, int], int]],
    period: int,
    data: st.DataObject,
) -> None:
    with clock.at(START):
        world = World(services.tandem, now=None)
    moments = play_timed(world, steps, START)
    services.projector.catch_up()
    turns = turning_points(services, world, moments)
    start, end = sorted(data.draw(st.lists(st.sampled_from(turns), min_size=2, max_size=2)))
    app, views, program = services.tandem, services.views, world.program

    found = services.analytics.flagged_during(program, period, start, end)

    expected: dict[str, int | None] = {}
    for at in turns_with(services, program, period, key(start), key(end)):
        for relationship, health in health_with(services, program, period, at).items():
            if health is not None:  # active then
                expected.setdefault(relationship, None)
            if health == "needs_check_in" and expected[relationship] is None:
                expected[relationship] = at
    assert found == expected
    for relationship, first in found.items():  # and the replayed past agrees
        if first is not None:
            assert health_then(app, views, program, moment(first), period)[relationship] == (
                "needs_check_in"
            )


def a_quiet_pair_and_a_busy_one(services: Services) -> Story:
    """Budi and Ana met once, then not for two months (a mismatch); Chen and Dara met every
    five days (their goals met); Eko's request to Ana was never answered."""
    story = Story(services)
    quiet = story.asks("Budi", "Ana", on=0, accepted=0)
    story.meets(quiet, on=1, by="Ana")
    busy = story.asks("Chen", "Dara", on=0, accepted=0)
    for on in range(5, 41, 5):
        story.meets(busy, on=on, by="Dara")
    story.asks("Eko", "Ana", on=2)
    with story.on(60):
        services.mentoring.conclude(story.as_("Ana"), quiet, "mismatch")
        services.mentoring.conclude(story.as_("Dara"), busy, "goals_met")
    story.caught_up()
    return story


def test_a_backtest_counts_the_flagged_by_how_they_ended_and_records_nothing(
    services: Services,
) -> None:
    story = a_quiet_pair_and_a_busy_one(services)
    end_of_log = services.tandem.recorder.max_notification_id()

    weekly = services.analytics.backtest(story.caller, story.program, 7, day(0), day(40))
    monthly = services.analytics.backtest(story.caller, story.program, 30, day(0), day(30))

    nobody = {"goals_met": 0, "no_longer_needed": 0, "mismatch": 0, "other": 0}
    assert (weekly["relationships"], weekly["flagged"]) == (2, 1)
    assert weekly["flagged_by_outcome"] == {**nobody, "mismatch": 1, "not_concluded": 0}
    assert weekly["not_flagged_by_outcome"] == {**nobody, "goals_met": 1, "not_concluded": 0}
    assert monthly["flagged"] == 0  # a month after the one meeting is day 31
    assert weekly["position"] == end_of_log == services.tandem.recorder.max_notification_id()


def test_a_span_that_ends_in_the_future_or_before_it_begins_is_refused(
    services: Services,
) -> None:
    story = Story(services)
    tomorrow = datetime.now(UTC) + timedelta(days=1)

    with pytest.raises(InvalidReference) as future:
        services.analytics.backtest(story.caller, story.program, 7, day(0), tomorrow)
    with pytest.raises(InvalidReference) as backwards:
        services.analytics.backtest(story.caller, story.program, 7, day(3), day(3))

    assert future.value.field == backwards.value.field == "to"


def test_a_backtest_examining_more_than_its_budget_is_refused_before_answering(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = a_quiet_pair_and_a_busy_one(services)
    monkeypatch.setattr(analytics, "BACKTEST_BUDGET", 8)

    with pytest.raises(InvalidReference) as refused:
        services.analytics.backtest(story.caller, story.program, 7, day(0), day(40))
    answered = services.analytics.backtest(story.caller, story.program, 7, day(0), day(0.5))

    assert refused.value.field == "to" and "shorter" in str(refused.value)
    assert answered["relationships"] == 2
