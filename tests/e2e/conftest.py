"""The real thing, started for a test: PostgreSQL, gunicorn workers, the projector process."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.store import Store
from tests.support.postgres import ThrowawayPostgres, free_port
from tests.support.server import E2E_SECRET, REPO, TANDEM, ready


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
        "TANDEM_SECRET_KEY": E2E_SECRET,
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
        assert ready(base), "the server did not come up in 30 s"
        yield base, Store(kind="postgres", port=postgres_server.port, schema=schema, pool_size=2)
    finally:
        for process in (server, projector):
            process.terminate()
            process.wait(timeout=30)
        postgres_server.drop_schema(schema)
