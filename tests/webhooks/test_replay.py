"""Replay: the programme's events again, in order, from any position, each with its own id."""

from __future__ import annotations

from services.webhooks.dispatcher import Dispatcher
from tests.support.answers import assert_problem, must
from tests.support.http_world import Programme
from tests.support.receiver import Receiver
from tests.support.webhooks import deliver, subscribe


def replay(programme: Programme, subscription: str, position: int) -> dict[str, object]:
    answer = programme.api.post(
        f"/api/subscriptions/{subscription}/replay",
        {"from_position": position},
        token=programme.coordinator,
    )
    made: dict[str, object] = must(answer, 202)
    return made


def test_a_replay_from_a_position_delivers_again_in_order_with_the_same_ids(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscription, secret = subscribe(programme, receiver.url)
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "goals", {"text": "Speak up"}))
    deliver(dispatcher)
    first = [r.event for r in receiver.received]

    answer = replay(programme, subscription, first[1]["data"]["position"])
    deliver(dispatcher)

    again = receiver.verified(secret)[3:]
    assert [e["id"] for e in again] == [e["id"] for e in first[1:]]
    assert [r.body for r in receiver.received[3:]] == [r.body for r in receiver.received[1:3]]
    assert answer["from_position"] == first[1]["data"]["position"]
    assert answer["position"] > first[2]["data"]["position"]


def test_a_replay_from_the_start_fills_in_what_came_before_the_subscription(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    earlier = programme.mentoring("active")
    subscription, _ = subscribe(programme, receiver.url)
    later = programme.peers("requested")

    replay(programme, subscription, 1)
    deliver(dispatcher)

    ids = [r.webhook_id for r in receiver.received]
    assert sorted(ids) == sorted([f"{earlier.id}:1", f"{earlier.id}:2", *[f"{later.id}:1"] * 2])
    assert [i for i in ids if i.startswith(earlier.id)] == [f"{earlier.id}:1", f"{earlier.id}:2"]


def test_a_replay_from_beyond_the_end_of_the_log_is_refused(
    programme: Programme, receiver: Receiver
) -> None:
    subscription, _ = subscribe(programme, receiver.url)

    answer = programme.api.post(
        f"/api/subscriptions/{subscription}/replay",
        {"from_position": 10**9},
        token=programme.coordinator,
    )

    assert "from_position" in assert_problem(answer, 422)["errors"]
