"""The real thing: PostgreSQL, gunicorn with two workers, the projector in its own process.

The acceptance features run against the live base URL; afterwards nothing written is lost, every
history verifies against its seal, and the views equal views rebuilt from the first event.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from services.evidence import Evidence
from services.store import Store
from services.views.projector import Projector
from services.views.store import MentoringProjection, open_views
from services.wiring import open_services
from tests.support.postgres import ThrowawayPostgres
from tests.support.server import E2E_SECRET, REPO, TANDEM
from tests.support.views import dump


def test_the_features_pass_against_the_real_thing_and_nothing_is_lost(
    production: tuple[str, Store], postgres_server: ThrowawayPostgres
) -> None:
    base, store = production
    env = {**os.environ, "TANDEM_BASE_URL": base, "TANDEM_SECRET_KEY": E2E_SECRET}

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
                "TANDEM_SECRET_KEY": E2E_SECRET,
                "TANDEM_POSTGRES_PORT": str(store.port),
                "TANDEM_POSTGRES_SCHEMA": store.schema,
            },
        )
        assert verify.returncode == 0, verify.stdout[-2000:]
        requested = sum(1 for _ in Evidence(services.tandem, b"").relationship_ids())
        rows = services.views.fetch("SELECT COUNT(*) AS n FROM view_relationships", {})
        assert requested > 50 and rows[0]["n"] == requested
        rebuilt_store = postgres_server.store(store.data_dir, pool_size=2)
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
