"""The real thing: PostgreSQL, gunicorn with two workers, the projector in its own process.

The acceptance features run against the live base URL; afterwards nothing written is lost, every
history verifies against its seal, and the views equal views rebuilt from the first event.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.store import Store
from services.views.projector import Projector
from services.views.store import MentoringProjection, open_views
from services.wiring import open_services
from tests.support.postgres import ThrowawayPostgres, free_port
from tests.support.views import dump

SECRET = "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
REPO = Path(__file__).resolve().parents[2]
TANDEM = [sys.executable, "-m", "web.cli"]


@pytest.fixture
def production(postgres_server: ThrowawayPostgres, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    schema = postgres_server.new_schema()
    env = {
        **os.environ,
        "TANDEM_STORE": "postgres",
        "TANDEM_POSTGRES_PORT": str(postgres_server.port),
        "TANDEM_POSTGRES_DBNAME": "tandem",
        "TANDEM_POSTGRES_USER": "tandem",
        "TANDEM_POSTGRES_SCHEMA": schema,
        "TANDEM_SECRET_KEY": SECRET,
        "TANDEM_CREATE_TABLES": "false",
        "TANDEM_FOLLOW_LOG": "false",
        "TANDEM_DATA_DIR": str(tmp_path),
    }
    subprocess.run([*TANDEM, "db", "init"], env=env, cwd=REPO, check=True, capture_output=True)
    port = free_port()
    logs = (tmp_path / "server.log").open("w"), (tmp_path / "projector.log").open("w")
    server = subprocess.Popen(
        [*TANDEM, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=logs[0],
        stderr=subprocess.STDOUT,
    )
    projector = subprocess.Popen(
        [*TANDEM, "projections", "run", "--interval", "0.2"],
        env=env,
        cwd=REPO,
        stdout=logs[1],
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base, Store(kind="postgres", port=postgres_server.port, schema=schema, pool_size=2)
    finally:
        for process in (server, projector):
            process.terminate()
            process.wait(timeout=30)
        postgres_server.drop_schema(schema)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not come up in 30 s")


def test_the_features_pass_against_the_real_thing_and_nothing_is_lost(
    production: tuple[str, Store], postgres_server: ThrowawayPostgres
) -> None:
    base, store = production
    env = {**os.environ, "TANDEM_BASE_URL": base, "TANDEM_SECRET_KEY": SECRET}

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/steps",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not in_process",
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    services = open_services(store, follow_log=False)
    try:
        _wait_for_projector(services)
        verify = subprocess.run(
            [*TANDEM, "audit", "verify"],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "TANDEM_STORE": "postgres",
                "TANDEM_SECRET_KEY": SECRET,
                "TANDEM_POSTGRES_PORT": str(store.port),
                "TANDEM_POSTGRES_SCHEMA": store.schema,
            },
        )
        assert verify.returncode == 0, verify.stdout[-2000:]
        requested = sum(1 for _ in services.tandem.relationship_ids())
        rows = services.views.fetch("SELECT COUNT(*) AS n FROM view_relationships", {})
        assert requested > 50 and rows[0]["n"] == requested
        rebuilt_store = Store(
            kind="postgres", port=store.port, schema=postgres_server.new_schema(), pool_size=2
        )
        rebuilt = open_views(rebuilt_store)
        Projector(services.tandem, MentoringProjection(rebuilt)).catch_up()
        assert dump(rebuilt) == dump(services.views)
        rebuilt.close()
    finally:
        services.close()


def _wait_for_projector(services: object) -> None:
    projector = services.projector  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while projector.lag() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert projector.lag() == 0
