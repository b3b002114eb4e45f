"""`?after=<position>`: a read waits (5 s at most) for the views to reach a position of the log;
a position the log has not reached is refused at once, since no wait could ever reach it."""

from __future__ import annotations

import time
from typing import Any

import pytest

import services.coordination
from tests.support.answers import assert_problem, must
from tests.support.http_world import Programme
from tests.support.tampering import in_process

BEYOND = 10**15  # the number of the issue: far beyond any log a test writes


def _reads(programme: Programme) -> list[str]:
    """Every read that takes `after`: the list, a programme's status, a participant's lineage."""
    return [
        "/api/relationships",
        f"/api/programs/{programme.id}/status",
        f"/api/participants/{programme.budi.id}/lineage",
    ]


@pytest.mark.parametrize("read", range(3))
def test_a_position_beyond_the_end_of_the_log_is_refused_at_once(
    programme: Programme, read: int
) -> None:
    path = _reads(programme)[read]
    started = time.monotonic()

    answer = programme.api.get(f"{path}?after={BEYOND}", token=programme.coordinator)

    assert list(assert_problem(answer, 422)["errors"]) == ["after"]
    assert time.monotonic() - started < services.coordination.WAIT_SECONDS / 2


def test_the_last_position_of_the_log_is_waited_for_and_answered(programme: Programme) -> None:
    position = must(programme.ask(programme.budi, programme.ana), 201)["position"]

    answer = programme.api.get(f"/api/relationships?after={position}", token=programme.coordinator)

    assert [item["status"] for item in must(answer)["items"]] == ["requested"]


@in_process
def test_a_position_in_the_log_that_the_views_do_not_reach_in_time_answers_503(
    app: Any, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.coordination, "WAIT_SECONDS", 0.05)
    app.extensions["services"].projector.stop()  # the views stay where they are
    position = must(programme.ask(programme.budi, programme.ana), 201)["position"]

    answer = programme.api.get(f"/api/relationships?after={position}", token=programme.coordinator)

    assert_problem(answer, 503)
    assert int(answer.headers["retry-after"]) > 0
