"""A receiver that fails is retried with back-off, gets everything in order once it is back,
and after a day of failing the delivery is marked failed, visibly; redelivery keeps the id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.webhooks.dispatcher import Dispatcher
from tests.support.answers import must
from tests.support.http_world import Programme
from tests.support.receiver import Receiver
from tests.support.webhooks import deliver, subscribe


def deliveries(programme: Programme, subscription: str, query: str = "") -> list[dict[str, Any]]:
    answer = programme.api.get(
        f"/api/subscriptions/{subscription}/deliveries{query}", token=programme.coordinator
    )
    items: list[dict[str, Any]] = must(answer)["items"]
    return items


def test_a_receiver_that_fails_then_recovers_gets_everything_in_order_once_back(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscription, secret = subscribe(programme, receiver.url)
    receiver.status = 503
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "goals", {"text": "Speak up"}))
    now = datetime.now(UTC)

    deliver(dispatcher, now)
    waiting = deliveries(programme, subscription)
    receiver.status = 204
    deliver(dispatcher, now + timedelta(hours=1))

    ids = [f"{relationship.id}:{version}" for version in (1, 2, 3)]
    assert [r.webhook_id for r in receiver.received] == [ids[0], *ids]  # the first, then all
    assert [e["id"] for e in receiver.verified(secret)] == [ids[0], *ids]
    assert [d["status"] for d in waiting] == ["pending"] * 3
    assert waiting[0]["attempts"] == 1 and waiting[0]["response_status"] == 503
    assert waiting[0]["error"] == "HTTP 503: the receiver is down"
    assert waiting[0]["next_attempt_at"] is not None
    assert waiting[1]["attempts"] == 0  # behind the first: the order holds
    done = deliveries(programme, subscription)
    assert [(d["webhook_id"], d["status"]) for d in done] == [(i, "delivered") for i in ids]
    assert [d["attempts"] for d in done] == [2, 1, 1]


def test_a_delivery_failing_for_a_day_is_marked_failed_and_the_next_ones_go_on(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscription, _ = subscribe(programme, receiver.url)
    receiver.status = 500
    relationship = programme.mentoring("requested")
    now = datetime.now(UTC)

    for hour in range(24):
        deliver(dispatcher, now + timedelta(hours=hour))
    still_trying = deliveries(programme, subscription)
    deliver(dispatcher, now + timedelta(hours=24, minutes=1))
    failed = deliveries(programme, subscription, "?status=failed")
    receiver.status = 204
    must(relationship.command(programme.ana.token, "accept"))
    deliver(dispatcher, now + timedelta(hours=25))

    assert [d["status"] for d in still_trying] == ["pending"]
    assert still_trying[0]["attempts"] == 24
    assert [d["webhook_id"] for d in failed] == [f"{relationship.id}:1"]
    assert failed[0]["attempts"] == 25 and failed[0]["done_at"] is not None
    assert receiver.received[-1].webhook_id == f"{relationship.id}:2"
    read = must(programme.api.get(f"/api/subscriptions/{subscription}", token=programme.admin))
    assert read["deliveries"] == {"pending": 0, "delivered": 1, "failed": 1}
