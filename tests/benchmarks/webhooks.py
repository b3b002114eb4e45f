"""Webhooks beside the command load: `tandem webhooks run` (its own process, as in production)
delivering to a receiver on loopback (tests/benchmarks/receiver.py, its own process too).

- live: the dispatcher runs while the clients live their relationships: the command rate, the
  delivery rate, and the lag from an event's recording to its arrival (p50, p99);
- backlog: the same load recorded with no dispatcher, which then starts: how fast it drains.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.life import COMMANDS_PER_LIFE
from tests.benchmarks.measure import percentiles
from tests.support.postgres import free_port

REPO = Path(__file__).resolve().parents[2]
DRAIN_SECONDS = 300


@contextmanager
def process(command: list[str], env: dict[str, str]) -> Any:
    running = subprocess.Popen(
        command,
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield running
    finally:
        with suppress(ProcessLookupError):
            os.killpg(running.pid, signal.SIGTERM)
        try:
            running.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(running.pid, signal.SIGKILL)
            running.wait()


def arrived(port: int) -> list[dict[str, Any]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")
    found: list[dict[str, Any]] = json.loads(connection.getresponse().read())
    connection.close()
    return found


def wait_for(port: int, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + DRAIN_SECONDS
    while True:
        with suppress(OSError):
            got = arrived(port)
            if len(got) >= count or time.monotonic() > deadline:
                return got
        time.sleep(0.2)


def receiver() -> Any:
    port = free_port()
    command = [sys.executable, "-m", "tests.benchmarks.receiver", "--port", str(port)]
    return port, process(command, {})


def dispatcher(env: dict[str, str]) -> Any:
    command = [sys.executable, "-m", "web.cli", "webhooks", "run", "--interval", "0.5"]
    return process(command, env)


def _figures(got: list[dict[str, Any]], expected: int) -> dict[str, Any]:
    lags = [
        m["at"] - datetime.fromisoformat(m["time"].replace("Z", "+00:00")).timestamp() for m in got
    ]
    p50, p99 = percentiles(lags)
    first = min(datetime.fromisoformat(m["time"].replace("Z", "+00:00")).timestamp() for m in got)
    return {
        "expected": expected,
        "delivered": len({m["id"] for m in got}),
        "duplicates": len(got) - len({m["id"] for m in got}),
        "per_s": len(got) / (max(m["at"] for m in got) - first),
        "lag_p50_ms": p50 * 1000,
        "lag_p99_ms": p99 * 1000,
    }


def measure(
    args: Any,
    new_store: Callable[[str], Any],
    environment: Callable[[Any], dict[str, str]],
    serve: Callable[[dict[str, str]], Any],
    load: Callable[..., Any],
    secret: str,
) -> dict[str, Any]:
    expected = args.clients * args.lives * COMMANDS_PER_LIFE
    clients = ["--clients", args.clients, "--lives", args.lives]
    figures: dict[str, Any] = {}
    for mode in ("live", "backlog"):
        env = {**environment(new_store(f"webhooks-{mode}")), "TANDEM_SECRET_KEY": secret}
        env["TANDEM_FOLLOW_LOG"] = "false"
        port, receiving = receiver()
        with receiving, serve(env) as server:
            url = f"http://127.0.0.1:{port}/hook"
            if mode == "live":
                with dispatcher(env):
                    commands = load("commands", server.port, *clients, "--subscribe", url)
                    got = wait_for(port, expected)
            else:
                commands = load("commands", server.port, *clients, "--subscribe", url)
                with dispatcher(env):
                    got = wait_for(port, expected)
        figures[mode] = {**_figures(got, expected), "commands_per_s": commands["per_s"]}
        if mode == "backlog":  # the rate of draining: first arrival to last
            spread = max(m["at"] for m in got) - min(m["at"] for m in got)
            figures[mode]["per_s"] = len(got) / spread if spread else float("inf")
    return figures
