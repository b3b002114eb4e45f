"""The views kept current event by event equal the views rebuilt from the first event: the
current rows and their temporal history (past versions, the moments they held, where they are
filed), events often sharing a moment."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import clock
from services import Tandem, open_tandem
from services.views.projector import Projector
from services.views.store import MentoringProjection, open_sqlite_views
from tests.support.random_world import NOW, World, play_timed, timed_step
from tests.support.views import dump


def projector_over(tandem: Tandem, path: Path) -> Projector:
    return Projector(tandem, MentoringProjection(open_sqlite_views(path)))


def close(*projectors: Projector) -> None:
    for projector in projectors:
        projector.views.datastore.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(timed_step, min_size=1, max_size=80),
    catch_up_every=st.integers(1, 10),
    stop_at=st.integers(0, 200),
)
def test_incremental_views_equal_a_rebuild_and_survive_a_restart(
    steps: list[tuple[tuple[int, int, int, int], int]], catch_up_every: int, stop_at: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        tandem = open_tandem(root / "app")
        with clock.at(NOW):
            world = World(tandem)
        incremental = projector_over(tandem, root / "incremental")
        moment = NOW
        for number, (played, minutes) in enumerate(steps, start=1):
            moment = play_timed(world, [(played, minutes)], moment)[-1]
            if number % catch_up_every == 0:
                incremental.catch_up()
        incremental.catch_up()

        rebuilt = projector_over(tandem, root / "rebuilt")
        rebuilt.catch_up()
        one_by_one = projector_over(tandem, root / "one_by_one")
        while one_by_one.catch_up(limit=1):
            pass  # each event in its own batch: statements in log order, no grouping
        stopped = projector_over(tandem, root / "stopped")
        stopped.catch_up(limit=stop_at)
        close(stopped)
        restarted = projector_over(tandem, root / "stopped")
        restarted.catch_up()

        try:
            assert dump(incremental.views) == dump(rebuilt.views)
            assert dump(one_by_one.views) == dump(rebuilt.views)
            assert dump(restarted.views) == dump(rebuilt.views)
            assert incremental.views.position() == tandem.recorder.max_notification_id()
        finally:
            close(incremental, rebuilt, one_by_one, restarted)
            tandem.close()


def test_a_batch_seen_twice_is_applied_once(tmp_path: Path) -> None:
    tandem = open_tandem(tmp_path / "app")
    World(tandem)
    first = projector_over(tandem, tmp_path / "views")
    second = projector_over(tandem, tmp_path / "views")
    first.catch_up()
    before = dump(first.views)

    second_applied = second.catch_up()

    assert second_applied == 0
    assert dump(second.views) == before
    close(first, second)
    tandem.close()
