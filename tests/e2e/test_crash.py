"""Killing the server mid-load loses nothing it acknowledged and half-writes nothing.

The embedded default (SQLite, one gunicorn process with threads) takes goals from eight clients,
each command with its own Idempotency-Key; the server is SIGKILLed in the middle. After a restart,
every goal answered 2xx is in the relationship exactly once, retrying the unanswered ones with the
same keys records each at most once, versions are contiguous, and the views equal a rebuild.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.views.projector import Projector
from services.views.store import MentoringProjection, open_sqlite_views
from services.wiring import open_services
from tests.support.api import ApiClient, HttpTransport
from tests.support.http_world import enrolled_pair
from tests.support.postgres import free_port
from tests.support.views import dump

SECRET = "crash-test-secret-0123456789-abcdefghijklmnop"
REPO = Path(__file__).resolve().parents[2]
CLIENTS = 8


class Server:
    def __init__(self, data: Path) -> None:
        self.data, self.port = data, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "TANDEM_DATA_DIR": str(self.data), "TANDEM_SECRET_KEY": SECRET}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "web.cli", "serve", "--port", str(self.port)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)  # master and worker, no goodbye
        self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path)
    running.start()
    yield running
    if running.process and running.process.poll() is None:
        running.kill()


def test_a_killed_server_loses_nothing_it_answered(server: Server, tmp_path: Path) -> None:
    api = ApiClient(HttpTransport(server.base), SECRET)
    relationship_id, ana = _active_relationship(api)
    answered: dict[str, int] = {}
    sent: list[str] = []
    stop = threading.Event()

    def client(number: int) -> None:
        for n in range(10_000):
            if stop.is_set():
                return
            text = f"goal {number}-{n}"
            sent.append(text)
            try:
                answer = api.post(
                    f"/api/relationships/{relationship_id}/goals",
                    {"text": text},
                    token=ana,
                    headers={"Idempotency-Key": text},
                )
            except httpx.TransportError:
                return  # the server died under this request
            answered[text] = answer.status

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    server.start()

    acknowledged = {text for text, status in answered.items() if status == 200}
    assert len(acknowledged) > 20 and set(answered.values()) == {200}
    for text in sent:  # retried with the same key: recorded at most once, never twice
        retry = api.post(
            f"/api/relationships/{relationship_id}/goals",
            {"text": text},
            token=ana,
            headers={"Idempotency-Key": text},
        )
        assert retry.status == 200
    state = api.get(f"/api/relationships/{relationship_id}", token=ana).body
    texts = [goal["text"] for goal in state["goals"]]
    assert acknowledged <= set(texts)
    assert sorted(texts) == sorted(set(texts)) and set(texts) - {"Grow"} == set(sent)
    history = api.get(f"/api/relationships/{relationship_id}/history", token=ana).body["events"]
    assert [event["version"] for event in history] == list(range(1, len(history) + 1))
    server.kill()
    _views_equal_a_rebuild(tmp_path)
    print(
        f"crash: {len(sent)} sent, {len(acknowledged)} answered 2xx before SIGKILL, "
        f"{len(texts) - 1} goals recorded once each after retries"
    )


def _active_relationship(api: ApiClient) -> tuple[str, str]:
    pair = enrolled_pair(api, "Crash")
    relationship_id = str(pair.ask(pair.budi, pair.ana).body["id"])
    ana = pair.ana.token
    assert api.post(f"/api/relationships/{relationship_id}/accept", {}, token=ana).status == 200
    return relationship_id, ana


def _views_equal_a_rebuild(data: Path) -> None:
    services = open_services(data, follow_log=False)
    try:
        services.projector.catch_up()
        rebuilt = open_sqlite_views(data / "rebuilt")
        Projector(services.tandem, MentoringProjection(rebuilt)).catch_up()
        assert dump(rebuilt) == dump(services.views)
        rebuilt.close()
    finally:
        services.close()
