"""Benchmark: exporting 100,000+ events keeps the server's peak memory under 150 MB.

Builds a log of 5,300 relationships (about 112,000 events, 100,700 of them in the audit trail),
projects it, starts the real server (`tandem serve`, gunicorn) on it, streams GET
/api/audit/events as NDJSON, and prints the events, the time taken and the serving worker's peak
resident memory (VmHWM) before and after.

    .venv/bin/python -m tests.benchmarks.export_memory [--relationships 5000]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

from services.settings import key_encryption_for
from services.wiring import open_services
from tests.benchmarks.views_scale import build
from web.auth import mint_token

SECRET = "benchmark-secret-0123456789-abcdefghijklmnop"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def worker_of(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=5300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        services = open_services(data, follow_log=False, keys=key_encryption_for(SECRET))
        build(services, args.relationships)
        events = services.projector.catch_up()
        services.close()
        port = free_port()
        env = {**os.environ, "TANDEM_DATA_DIR": str(data), "TANDEM_SECRET_KEY": SECRET}
        server = subprocess.Popen(
            [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            worker = worker_of(server.pid)
            before = peak_rss_mb(worker)
            token = mint_token(SECRET, "auditor@bench", ["auditor"], timedelta(hours=1))
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/x-ndjson"}
            started = time.perf_counter()
            lines = size = 0
            with httpx.stream(
                "GET", f"{base}/api/audit/events", headers=headers, timeout=600
            ) as answer:
                for line in answer.iter_lines():
                    lines += 1
                    size += len(line) + 1
            seconds = time.perf_counter() - started
            after = peak_rss_mb(worker)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print(f"log: {events:,} events ({args.relationships:,} relationships)")
    print(f"exported {lines:,} audit events, {size / 1e6:.1f} MB of NDJSON in {seconds:.1f} s")
    print(f"server worker peak RSS: {before:.1f} MB before, {after:.1f} MB after (target < 150)")


if __name__ == "__main__":
    main()
