"""The README, run as a newcomer runs it: `make demo PORT=...` in one shell, and in another every
curl example of the tour, the coordinators' views and the auditing sections, from a folder where
only data/ may change. Each example must show something, not an empty list or an error."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.postgres import free_port
from tests.support.server import REPO

NEEDS = ("make", "curl", "jq", "bash")


def readme_examples() -> dict[str, str]:
    """The sh blocks of the sections a newcomer tries with the demo, by section."""
    sections = re.split(r"^## ", (REPO / "README.md").read_text(), flags=re.MULTILINE)
    examples = {}
    for section in sections:
        title = section.splitlines()[0]
        blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
        runnable = [b for b in blocks if "$BASE" in b or ".venv/bin/tandem audit" in b]
        if runnable:
            examples[title] = "\n".join(runnable)
    return examples


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """`make demo PORT=...` serving from a checkout's data/ folder; stopped at the end."""
    missing = [tool for tool in NEEDS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the README's examples need {', '.join(missing)}")
    checkout, port = tmp_path / "checkout", free_port()
    checkout.mkdir()
    (checkout / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "TANDEM_DATA_DIR": str(checkout / "data")}
    for name in ("TANDEM_SECRET_KEY", "TANDEM_STORE", "TANDEM_ENV", "TANDEM_BASE_URL"):
        env.pop(name, None)
    with (tmp_path / "make-demo.log").open("w") as log:
        make = subprocess.Popen(
            ["make", "-C", str(REPO), "demo", f"PORT={port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, tandem serve and its workers stop together
        )
    try:
        _wait_until_ready(port, make, tmp_path / "make-demo.log")
        yield checkout, port
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)


def _wait_until_ready(port: int, make: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and make.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"make demo did not serve on port {port}:\n{log.read_text()[-3000:]}")


def documents(output: str) -> list[dict[str, Any]]:
    """The JSON objects jq printed (each starts a line with "{"), between any other text."""
    decoder, found = json.JSONDecoder(), []
    for start in (m.start() for m in re.finditer(r"^\{", output, flags=re.MULTILINE)):
        answer, _ = decoder.raw_decode(output, start)
        found.append(answer)
    return found


def run(example: str, checkout: Path) -> str:
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", example],
        cwd=checkout,
        env={k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_make_demo_serves_on_the_port_asked_and_every_readme_example_shows_something(
    demo: tuple[Path, int],
) -> None:
    checkout, port = demo
    examples = readme_examples()
    setup = "source data/demo.env\nJ='Content-Type: application/json'\n"

    tour = run(examples["A relationship's life, with curl"], checkout)
    views = run(setup + examples["Coordinators' views"], checkout)
    audit = run(setup + examples["Auditing"], checkout)
    hooks = run(setup + examples["Webhooks and calendars"], checkout)

    assert f"export BASE=http://127.0.0.1:{port}" in (checkout / "data/demo.env").read_text()
    assert '"goals_met"' in tour and '"status": 412' in tour
    answers = documents(views)
    as_of = [a for a in answers if "as_of" in a]
    assert as_of and as_of[0]["relationships"]["total"] >= 5
    assert len([a for a in answers if a.get("health") == "needs_check_in"]) >= 2
    assert [a for a in answers if a.get("mentored_by") and a.get("mentoring")]
    assert '"type": "FeedbackGiven"' in audit
    assert '"intact": true' in audit and ", 0 not intact." in audit
    assert (checkout / "data/trail.ndjson").stat().st_size > 0
    assert '"secret": "whsec_' in hooks and '"type":"org.tandem.relationship.paused"' in hooks
    assert "BEGIN:VEVENT" in hooks and '"deleted": true' in hooks
    assert sorted(p.name for p in checkout.iterdir()) == [".venv", "data"]  # nothing strays
