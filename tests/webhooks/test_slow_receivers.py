"""With the dispatcher running as a thread: a slow receiver holds up neither other subscribers
nor other relationships of the same subscriber, and each relationship's events keep their order
under concurrent commands."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from services.webhooks.dispatcher import Dispatcher
from tests.support.answers import must
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET
from tests.support.http_world import Programme
from tests.support.receiver import Received, Receiver
from tests.support.webhooks import subscribe


@pytest.fixture
def running(dispatcher: Dispatcher, services: Any) -> Iterator[Dispatcher]:
    services.tandem.on_saved.append(dispatcher.poke)
    dispatcher.interval = 0.05
    dispatcher.start()
    yield dispatcher


@pytest.fixture
def released() -> Iterator[threading.Event]:
    release = threading.Event()
    yield release
    release.set()  # whatever the test did, no receiver thread stays blocked


def test_a_slow_receiver_does_not_hold_up_another_subscriber(
    programme: Programme, receiver: Receiver, released: threading.Event, running: Dispatcher
) -> None:
    slow = Receiver()
    slow.answer = lambda got: 204 if released.wait(30) else 504
    slow.start()
    try:
        subscribe(programme, slow.url)
        subscribe(programme, receiver.url)
        relationship = programme.mentoring("active")
        must(relationship.command(programme.budi.token, "goals", {"text": "Speak up"}))

        fast = receiver.wait_for(3)
        held = len(slow.received)
        released.set()
        late = slow.wait_for(3)
    finally:
        slow.stop()

    assert [r.webhook_id for r in fast] == [f"{relationship.id}:{v}" for v in (1, 2, 3)]
    assert held == 0
    assert [r.webhook_id for r in late] == [f"{relationship.id}:{v}" for v in (1, 2, 3)]


def test_a_slow_relationship_does_not_hold_up_the_others_of_the_same_subscriber(
    programme: Programme, receiver: Receiver, released: threading.Event, running: Dispatcher
) -> None:
    stuck = programme.mentoring("requested")

    def answer(got: Received) -> int:
        if got.event["subject"] == f"relationships/{stuck.id}" and not released.wait(30):
            return 504
        return 204

    receiver.answer = answer
    subscribe(programme, receiver.url)
    must(stuck.command(programme.ana.token, "accept"))
    flowing = programme.peers("active")
    must(flowing.command(programme.citra.token, "goals", {"text": "Pair weekly"}))

    before = receiver.wait_for(3)
    released.set()
    after = receiver.wait_for(4)

    assert [r.webhook_id for r in before] == [f"{flowing.id}:{v}" for v in (1, 2, 3)]
    assert after[3].webhook_id == f"{stuck.id}:2"  # answered last, though sent first


def test_each_relationship_keeps_its_order_under_concurrent_commands(
    app: Any, programme: Programme, receiver: Receiver, running: Dispatcher
) -> None:
    subscribe(programme, receiver.url)
    mentoring, peers = programme.mentoring("active"), programme.peers("active")
    goals_each = 5

    def add_goals(relationship: Any, token: str) -> None:
        client = ApiClient(FlaskTransport(app), TEST_SECRET)
        for n in range(goals_each):
            path = f"{relationship.path}/goals"
            assert client.post(path, {"text": f"Goal {n}"}, token=token).status == 200

    threads = [
        threading.Thread(target=add_goals, args=(relationship, token))
        for relationship, token in [
            (mentoring, programme.budi.token),
            (mentoring, programme.ana.token),
            (mentoring, programme.budi.token),
            (peers, programme.citra.token),
            (peers, programme.dewi.token),
            (peers, programme.citra.token),
        ]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    last = {r.id: r.state()["version"] for r in (mentoring, peers)}

    received = receiver.wait_for(sum(last.values()))

    assert last == {mentoring.id: 2 + 3 * goals_each, peers.id: 2 + 3 * goals_each}
    for relationship, version in last.items():
        ids = [r.webhook_id for r in received if r.webhook_id.startswith(relationship)]
        assert ids == [f"{relationship}:{v}" for v in range(1, version + 1)]
