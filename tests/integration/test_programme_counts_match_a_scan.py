"""A programme's status as of any moment, read from its counts kept in time buckets, is the one
a pass over its rows valid then gives (the way it was read before): over random histories whose
clock sometimes goes back between relationships, projected in batches of random sizes, at every
moment where answers turn (a microsecond either side) and at random ones, on both stores."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain import clock
from services.wiring import Services
from tests.support.properties import over_histories
from tests.support.random_world import World, play_timed, step
from tests.support.replay import START, turning_points
from tests.support.status_scan import status_scanned

# Minutes from one step to the next: sometimes back, as another machine's clock may be.
NOW_AND_THEN = st.sampled_from([0, 0, 1, 60, 60 * 24, 60 * 24 * 5, -60, -60 * 24 * 2])
a_step = st.tuples(step, NOW_AND_THEN)


@over_histories(40)
@given(
    steps=st.lists(a_step, min_size=20, max_size=80),
    batches=st.lists(st.integers(1, 30), min_size=1, max_size=8),
    data=st.data(),
)
def test_the_status_counted_in_time_buckets_is_the_status_scanned_from_the_rows(
    services: Services,
    steps: list[tuple[tuple[int, int, int, int], int]],
    batches: list[int],
    data: st.DataObject,
) -> None:
    with clock.at(START):
        world = World(services.tandem, now=None)
    moments = play_timed(world, steps, START)
    for size in batches:
        services.projector.catch_up(limit=size)
    services.projector.catch_up()
    offsets = st.integers(-2 * 86_400_000_000, 200 * 86_400_000_000)
    asked = turning_points(services, world, moments)
    asked += [START + timedelta(microseconds=n) for n in data.draw(st.lists(offsets, max_size=8))]
    coordinator = world.coordinator.caller

    for as_of in asked:
        counted = services.coordination.program_status_as_of(coordinator, world.program, as_of)

        assert counted == status_scanned(services.views, world.program, as_of), as_of
