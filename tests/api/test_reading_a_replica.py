"""Views read from a streaming replica (TANDEM_POSTGRES_READ_HOST): a real primary and replica
on loopback. A read asking `?after=` a position still gets it when the replica lags (from the
primary), and every read answers from the primary while the replica is down: nothing 5xx."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from services.store import Store
from services.views.replica import WAIT_SECONDS
from tests.integration.test_one_projector_follows_the_log import eventually
from tests.support.answers import must
from tests.support.api import ApiClient
from tests.support.http_world import Programme
from tests.support.postgres import ThrowawayPostgres
from tests.support.replica import ThrowawayReplica


@pytest.fixture(scope="module")
def replica(postgres_server: ThrowawayPostgres) -> Iterator[ThrowawayReplica]:
    standby = ThrowawayReplica(postgres_server)
    standby.start()
    yield standby
    standby.stop()


@pytest.fixture
def store(
    postgres_server: ThrowawayPostgres, replica: ThrowawayReplica, tmp_path: Path
) -> Iterator[Store]:
    primary = postgres_server.store(tmp_path / "data", pool_size=2, max_overflow=4)
    yield replace(primary, read_host="127.0.0.1", read_port=replica.port)
    postgres_server.drop_schema(primary.schema)


def statuses(api: ApiClient, programme: Programme, query: str = "") -> list[str]:
    answer = must(api.get(f"/api/relationships{query}", token=programme.budi.token))
    return [item["status"] for item in answer["items"]]


def test_a_read_after_a_position_the_lagging_replica_lacks_is_answered_from_the_primary(
    api: ApiClient, programme: Programme, replica: ThrowawayReplica
) -> None:
    asked = must(programme.ask(programme.budi, programme.ana), 201)
    assert statuses(api, programme, f"?after={asked['position']}") == ["requested"]
    replica.pause_replay()
    try:
        accept = f"/api/relationships/{asked['id']}/accept"
        accepted = must(api.post(accept, {}, token=programme.ana.token))

        lagging = statuses(api, programme)
        waited = time.monotonic()
        after = statuses(api, programme, f"?after={accepted['position']}")
        waited = time.monotonic() - waited
    finally:
        replica.resume_replay()

    assert lagging == ["requested"]  # read from the replica, which has not replayed the accept
    assert after == ["active"]  # the replica lacked it: the primary answered
    assert waited < WAIT_SECONDS + 2
    assert eventually(lambda: statuses(api, programme) == ["active"])  # the replica caught up


def test_while_the_replica_is_down_every_read_answers_from_the_primary(
    api: ApiClient, programme: Programme, replica: ThrowawayReplica
) -> None:
    asked = must(programme.ask(programme.budi, programme.ana), 201)
    assert statuses(api, programme, f"?after={asked['position']}") == ["requested"]
    replica.stop_immediately()
    try:
        accept = f"/api/relationships/{asked['id']}/accept"
        accepted = must(api.post(accept, {}, token=programme.ana.token))
        slowest, answers = 0.0, []
        for query in ("", f"?after={accepted['position']}", "", ""):
            started = time.monotonic()
            answers.append(api.get(f"/api/relationships{query}", token=programme.budi.token))
            slowest = max(slowest, time.monotonic() - started)
        status = api.get(f"/api/programs/{programme.id}/status", token=programme.coordinator)
    finally:
        replica.start_again()

    assert [answer.status for answer in [*answers, status]] == [200] * 5
    assert [item["status"] for item in answers[1].body["items"]] == ["active"]
    assert slowest < 5
    assert eventually(lambda: statuses(api, programme) == ["active"])
