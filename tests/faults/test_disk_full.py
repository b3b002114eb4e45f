"""The embedded store's disk fills up: commands answer 503 saying so, nothing is half-written,
/readyz says not ready while writes fail, and everything resumes once there is space again.

The data directory is a small tmpfs of its own (mounted by the test, which needs root), filled
up by a file that is deleted again to give the space back.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from services.store import Store
from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.http_world import enrolled_pair


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "--lazy", str(disk)], check=True)


@pytest.fixture
def embedded(small_disk: Path) -> Iterator[ApiClient]:
    app = app_for_tests(Store.sqlite(small_disk / "data"), TEST_SECRET)
    yield ApiClient(FlaskTransport(app), TEST_SECRET)
    app.extensions["services"].close()


@contextmanager
def filled(disk: Path, spare: int) -> Iterator[None]:
    """The disk full but for `spare` bytes, until the block ends."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, bytes(4096)):
            pass
    except OSError:  # no space left: give back just `spare`
        os.ftruncate(descriptor, max(0, os.lseek(descriptor, 0, os.SEEK_CUR) - spare))
    finally:
        os.close(descriptor)
    try:
        yield
    finally:
        filler.unlink()


def test_a_full_disk_answers_503_records_nothing_half_and_recovers(
    embedded: ApiClient, small_disk: Path
) -> None:
    api = embedded
    pair = enrolled_pair(api, "Full Disk")
    relationship = must(pair.ask(pair.budi, pair.ana), 201)["id"]
    path = f"/api/relationships/{relationship}"
    must(api.post(f"{path}/accept", {}, token=pair.ana.token))
    answers: list[Any] = []

    with filled(small_disk, spare=64 * 1024):
        for n in range(2000):
            answer = api.post(f"{path}/goals", {"text": f"goal {n}"}, token=pair.budi.token)
            answers.append(answer)
            if answer.status != 200:
                break
        ready_while_full = api.get("/readyz")

    refused = answers[-1]
    problem = assert_problem(refused, 503)
    assert "full" in problem["detail"] and "retry-after" in refused.headers
    assert len(answers) > 1 and all(a.status == 200 for a in answers[:-1])
    assert "full" in assert_problem(ready_while_full, 503)["detail"]
    assert api.get("/readyz").status == 200
    state = must(api.post(f"{path}/goals", {"text": "after"}, token=pair.budi.token))
    texts = [goal["text"] for goal in state["goals"]]
    assert texts == ["Grow", *(f"goal {n}" for n in range(len(answers) - 1)), "after"]
    history = must(api.get(f"{path}/history", token=pair.budi.token))["events"]
    assert [event["version"] for event in history] == list(range(1, len(history) + 1))
