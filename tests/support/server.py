"""`tandem` run by the tests as a server: `tandem serve` on a free loopback port with the
settings it is given, and waiting until a server answers it is ready."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.postgres import ThrowawayPostgres, free_port

REPO = Path(__file__).resolve().parents[2]
TANDEM = [sys.executable, "-m", "web.cli"]
E2E_SECRET = "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz"


def ready(base: str, seconds: float = 30) -> bool:
    """Whether the server at `base` answers /readyz with 200 within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


class TandemServer:
    def __init__(self, settings: dict[str, str], log: Path, *arguments: str) -> None:
        self.settings, self.log, self.arguments = settings, log, arguments
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*TANDEM, "serve", "--port", str(self.port), *self.arguments],
                env={**os.environ, **self.settings},
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        assert ready(self.base), f"the server did not become ready: see {self.log}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def postgres_settings(
    server: ThrowawayPostgres, schema: str, secret: str, data: Path
) -> dict[str, str]:
    return {
        "TANDEM_STORE": "postgres",
        "TANDEM_POSTGRES_PORT": str(server.port),
        "TANDEM_POSTGRES_DBNAME": "tandem",
        "TANDEM_POSTGRES_USER": "tandem",
        "TANDEM_POSTGRES_SCHEMA": schema,
        "TANDEM_SECRET_KEY": secret,
        "TANDEM_DATA_DIR": str(data),
    }
