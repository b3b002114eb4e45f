"""Several machines: one `tandem projections run` and one `tandem webhooks run` lead, a second of
each waits as a standby (an advisory lock on PostgreSQL, a file lock on SQLite), and takes over
within seconds when the leader is SIGKILLed, then does its work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from services import Caller, Command
from services.programmes import Programmes
from services.store import Store
from services.wiring import Services, open_services
from tests.integration.test_one_projector_follows_the_log import (
    REPO,
    cli_settings,
    eventually,
    lines_of,
    wait_for_line,
)

TAKEOVER_SECONDS = 5.0
LEADS = {"projections": "Following the log from position", "webhooks": "Delivering webhooks"}


@pytest.fixture
def writer(store: Store) -> Iterator[Services]:
    services = open_services(store, follow_log=False)
    yield services
    services.close()


def follower(store: Store, command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "web.cli", command, "run", "--interval", "0.1"],
        env={**os.environ, **cli_settings(store), "TANDEM_FOLLOW_LOG": "false"},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def position_of(writer: Services, command: str) -> Callable[[], int]:
    if command == "projections":
        return writer.views.position
    return writer.webhooks.dispatcher.position


@pytest.mark.parametrize("command", ["projections", "webhooks"])
def test_a_standby_takes_over_within_seconds_when_the_leader_is_killed(
    store: Store, writer: Services, command: str
) -> None:
    leader, standby = follower(store, command), None
    try:
        wait_for_line(lines_of(leader), LEADS[command])
        standby = follower(store, command)
        standby_lines = lines_of(standby)
        wait_for_line(standby_lines, "Another projector is following the log")

        os.killpg(leader.pid, signal.SIGKILL)
        killed = time.monotonic()
        wait_for_line(standby_lines, "takes over the log")
        took = time.monotonic() - killed
        coordinator = Command(Caller("coordinator-f", frozenset({"coordinator"})))
        Programmes(writer.tandem).create_program(coordinator, "After the failover")
        end = writer.tandem.recorder.max_notification_id()

        assert took < TAKEOVER_SECONDS
        assert eventually(lambda: position_of(writer, command)() >= end)
    finally:
        for process in (leader, standby):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
