"""`tandem webhooks run` SIGKILLed with a delivery in flight loses nothing: after a restart the
receiver gets every event in order; the only duplicate is the delivery it had not acknowledged,
sent again with the same webhook-id and body. On both stores, the dispatcher a process of its
own beside the app that records the commands (which delivers nothing itself here)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from services.store import Store
from tests.support.answers import must
from tests.support.app import TEST_SECRET
from tests.support.http_world import Programme
from tests.support.receiver import Received, Receiver
from tests.support.webhooks import subscribe

REPO = Path(__file__).resolve().parents[2]


class DispatcherProcess:
    def __init__(self, store: Store, log: Path) -> None:
        self.env = {
            **os.environ,
            "TANDEM_SECRET_KEY": TEST_SECRET,  # the webhook key derives from it: same secrets
            "TANDEM_DATA_DIR": str(store.data_dir),
            "TANDEM_STORE": store.kind,
            "TANDEM_FOLLOW_LOG": "false",
        }
        if store.kind == "postgres":
            self.env |= {
                "TANDEM_POSTGRES_PORT": str(store.port),
                "TANDEM_POSTGRES_DBNAME": store.dbname,
                "TANDEM_POSTGRES_USER": store.user,
                "TANDEM_POSTGRES_SCHEMA": store.schema,
            }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "web.cli", "webhooks", "run", "--interval", "0.1"],
                env=self.env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def test_a_killed_dispatcher_resumes_with_nothing_lost_and_only_the_unacknowledged_again(
    programme: Programme, receiver: Receiver, store: Store, tmp_path: Path
) -> None:
    in_flight, released = threading.Event(), threading.Event()
    answered = 0

    def answer(got: Received) -> int:
        nonlocal answered
        answered += 1
        if answered == 3:  # the third: held until the dispatcher is dead
            in_flight.set()
            released.wait(60)
        return 204

    receiver.answer = answer
    _, secret = subscribe(programme, receiver.url)
    dispatcher = DispatcherProcess(store, tmp_path / "dispatcher.log")
    dispatcher.start()
    try:
        relationship = programme.mentoring("active")
        for text in ("Speak up", "Lead a review", "Mentor someone"):
            must(relationship.command(programme.budi.token, "goals", {"text": text}))
        assert in_flight.wait(60), (tmp_path / "dispatcher.log").read_text()
        dispatcher.kill()
        must(relationship.command(programme.ana.token, "goals", {"text": "Written while down"}))
        released.set()  # answers a connection nobody reads any more
        dispatcher.start()
        received = receiver.wait_for(6 + 1, timeout=60)
    finally:
        released.set()
        dispatcher.stop()

    ids = [r.webhook_id for r in received]
    every = [f"{relationship.id}:{v}" for v in range(1, 7)]
    assert list(dict.fromkeys(ids)) == every  # all of them, in order
    assert len(ids) == 7 and ids.count(every[2]) == 2  # the unacknowledged one, twice
    twice = [r for r in received if r.webhook_id == every[2]]
    assert twice[0].body == twice[1].body
    assert [e["id"] for e in receiver.verified(secret)] == ids
