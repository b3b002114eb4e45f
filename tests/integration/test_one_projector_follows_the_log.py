"""Only one projector follows the log at a time; a second waits as a standby and takes over."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from services import Caller, Command
from services.programmes import Programmes
from services.store import Store
from services.views.leadership import leadership_for
from services.views.projector import Projector
from services.views.store import MentoringProjection, open_views
from services.wiring import Services, open_services

REPO = Path(__file__).resolve().parents[2]
COORDINATOR = Command(Caller("coordinator-1", frozenset({"coordinator"})))


def eventually(condition: Callable[[], bool], timeout: float = 20) -> bool:
    """Waits for a condition another thread or process makes true."""
    waiting = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return True
        waiting.wait(0.01)
    return condition()


@dataclass
class Follower:
    """A projector of its own (own views connection, own lock), running in a thread."""

    projector: Projector
    stop: threading.Event = field(default_factory=threading.Event)
    batches: int = 0

    def start(self) -> None:
        self.projector.interval = 0.05
        self.projector.after_batch = self._applied
        self._thread = threading.Thread(target=self.projector.run, args=(self.stop,), daemon=True)
        self._thread.start()

    def halt(self) -> None:
        self.stop.set()
        self._thread.join(timeout=10)
        self.projector.views.close()

    def _applied(self, touched: set[object]) -> None:
        self.batches += 1


@pytest.fixture
def writer(store: Store) -> Iterator[Services]:
    services = open_services(store, follow_log=False)
    yield services
    services.close()


def follower(store: Store, writer: Services) -> Follower:
    projection = MentoringProjection(open_views(store))
    return Follower(Projector(writer.tandem, projection, leadership=leadership_for(store)))


def write_and_wait(writer: Services, commands: int) -> None:
    for n in range(commands):
        Programmes(writer.tandem).create_program(COORDINATOR, name=f"Programme {n}")
        end = writer.tandem.recorder.max_notification_id()
        assert eventually(lambda end=end: writer.views.position() >= end)


def test_only_one_projector_applies_the_log_and_the_standby_takes_over_when_it_stops(
    store: Store, writer: Services, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = follower(store, writer), follower(store, writer)
    first.start()
    assert eventually(first.projector.leadership.held)
    second.start()
    assert eventually(lambda: "Another projector is following the log" in caplog.text)

    write_and_wait(writer, 20)
    first.halt()
    write_and_wait(writer, 5)
    second.halt()

    assert first.batches >= 1
    assert second.batches >= 1
    assert "this one takes over" in caplog.text


def test_a_standby_applies_nothing_while_the_leader_follows(store: Store, writer: Services) -> None:
    first, second = follower(store, writer), follower(store, writer)
    first.start()
    assert eventually(first.projector.leadership.held)
    second.start()

    write_and_wait(writer, 20)
    first.halt()
    second.halt()

    assert (first.batches, second.batches) == (20, 0)


def test_tandem_projections_run_says_it_waits_while_another_projector_leads(
    store: Store,
) -> None:
    leader = leadership_for(store)
    assert leader.try_acquire()
    projector = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "projections", "run", "--interval", "0.1"],
        env={**os.environ, **cli_settings(store)},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = lines_of(projector)
    try:
        standby = wait_for_line(lines, "Another projector is following the log")
        leader.release()
        took_over = wait_for_line(lines, "takes over")
    finally:
        leader.release()
        projector.terminate()
        projector.wait(timeout=30)

    assert "waits as a standby" in standby
    assert "takes over the log" in took_over


def cli_settings(store: Store) -> dict[str, str]:
    settings = {
        "TANDEM_SECRET_KEY": "test-secret-key-for-tandem-at-least-32-bytes",
        "TANDEM_STORE": store.kind,
        "TANDEM_DATA_DIR": str(store.data_dir),
    }
    if store.kind == "postgres":
        settings.update(
            TANDEM_POSTGRES_PORT=str(store.port),
            TANDEM_POSTGRES_DBNAME=store.dbname,
            TANDEM_POSTGRES_USER=store.user,
            TANDEM_POSTGRES_SCHEMA=store.schema,
        )
    return settings


def lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue[str], text: str, timeout: float = 30) -> str:
    seen = []
    try:
        while True:
            line = lines.get(timeout=timeout)
            seen.append(line)
            if text in line:
                return line
    except queue.Empty:
        raise AssertionError(f"no line with {text!r} in {seen}") from None
