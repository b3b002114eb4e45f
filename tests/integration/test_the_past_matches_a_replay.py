"""The temporal views answer every question about the past as replaying the log up to then does:
a programme's status, its relationships' summaries (health then included) and whole rows (the
milestones cohorts read, the cadence kept), over random
histories whose events often share a moment, at random moments and at the moments where the
answers turn (events, meetings falling due, periods running out), on both stores."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from domain import clock
from services.coordination import ListQuery
from services.views.as_of import RELATIONSHIPS
from services.views.temporal import at
from services.wiring import Services
from tests.support.properties import over_histories
from tests.support.random_world import World, play_timed, timed_step
from tests.support.replay import START, rows_then, status_then, summaries_then, turning_points

ROWS = f"SELECT * FROM ({RELATIONSHIPS}) r ORDER BY seq"


@over_histories(40)
@given(steps=st.lists(timed_step, min_size=20, max_size=80), data=st.data())
def test_the_past_read_from_the_temporal_views_is_the_past_replayed(
    services: Services, steps: list[tuple[tuple[int, int, int, int], int]], data: st.DataObject
) -> None:
    with clock.at(START):
        world = World(services.tandem, now=None)
    moments = play_timed(world, steps, START)
    services.projector.catch_up()
    turns = turning_points(services, world, moments)
    asked = data.draw(st.lists(st.sampled_from(turns), min_size=1, max_size=24))
    asked += [START - timedelta(days=1), moments[-1] + timedelta(days=400)]
    coordinator = world.coordinator.caller

    for as_of in asked:
        status = services.coordination.program_status_as_of(coordinator, world.program, as_of)
        listed = services.coordination.relationships(
            coordinator, ListQuery(program_id=world.program, as_of=as_of, limit=200)
        )

        rows = services.views.fetch(ROWS, {"program_id": str(world.program), **at(as_of)})

        app, views = services.tandem, services.views
        assert status == status_then(app, views, world.program, as_of), as_of
        assert listed.items == summaries_then(app, views, world.program, as_of), as_of
        assert without_position(rows) == without_position(
            rows_then(app, views, world.program, as_of)
        ), as_of


def without_position(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows but the log position of their last event, which the replay does not know."""
    return [{k: v for k, v in row.items() if k != "position"} for row in rows]
