"""The benchmark command runs as documented and reports every figure (tiny sizes: no timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.postgres import binaries

REPO = Path(__file__).resolve().parents[2]
TINY = ["--small", "20", "--large", "40", "--clients", "2", "--lives", "1"]
TINY += ["--rounds", "1", "--repeat", "5"]
SECTIONS = (
    "1. Commands",
    "2. Coordinator reads",
    "3. One relationship",
    "4. Projection",
    "5. Peak",
    "6. Webhooks",
    "7. Time travel",
)


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_the_benchmark_prints_and_saves_every_figure(store: str, tmp_path: Path) -> None:
    if store == "postgres" and binaries() is None:
        pytest.skip("No PostgreSQL binaries")
    output = tmp_path / "results.json"
    flags = ["--postgres"] if store == "postgres" else []
    run = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", *TINY, *flags, "--output", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stderr
    assert all(section in run.stdout for section in SECTIONS), run.stdout
    results = json.loads(output.read_text())
    commands = results["commands"]
    for workload in ("http", "bare", "in_process", "raw"):
        assert commands[workload]["per_s"] > 0
        assert commands[workload]["p99_ms"] >= commands[workload]["p50_ms"] > 0
    assert commands["http"]["commands"] == commands["in_process"]["commands"] == 2 * 1 * 20
    assert commands["raw"]["commands"] == commands["in_process"]["commands"]
    assert set(results["reads"]["reads"]) == {"20", "40"}
    assert set(results["history"]) == {"10", "1000"}
    assert set(results["history"]["1000"]) == {"history", "as_of", "version", "current"}
    assert results["rebuild"]["events"] > 40 * 20
    assert 0 < max(results["reads"]["server_peak_rss_mb"].values()) < 1000
    for mode in ("live", "backlog"):
        webhooks = results["webhooks"][mode]
        assert webhooks["delivered"] == webhooks["expected"] == 2 * 1 * 20
        assert webhooks["per_s"] > 0 and webhooks["lag_p99_ms"] >= webhooks["lag_p50_ms"] > 0
    travel = results["time_travel"]
    for size in ("small", "big"):
        for read in ("status now", "status as_of", "cohorts now", "cohorts as_of", "backtest"):
            assert travel["reads"][f"{read} {size}"]["p50_ms"] > 0
    assert travel["temporal_bytes"] > 0 and travel["events"] > 40 * 15
