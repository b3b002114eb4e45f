"""Each relationship event of a programme reaches its subscribers as a signed CloudEvent."""

from __future__ import annotations

from services.webhooks.dispatcher import Dispatcher
from tests.api.conftest import Programme
from tests.webhooks.conftest import deliver, subscribe
from tests.webhooks.receiver import Receiver


def test_each_event_reaches_the_receiver_as_a_cloudevent_signed_as_standard_webhooks_say(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscription, secret = subscribe(programme, receiver.url)
    relationship = programme.mentoring("active")

    deliver(dispatcher)

    events = receiver.verified(secret)
    assert [e["type"] for e in events] == [
        "org.tandem.relationship.requested",
        "org.tandem.relationship.accepted",
    ]
    assert [e["id"] for e in events] == [f"{relationship.id}:1", f"{relationship.id}:2"]
    assert {e["source"] for e in events} == {f"/programs/{programme.id}"}
    assert {e["subject"] for e in events} == {f"relationships/{relationship.id}"}
    assert all(e["specversion"] == "1.0" and e["time"].endswith("Z") for e in events)
    assert [r.headers["content-type"] for r in receiver.received] == ["application/cloudevents+json"] * 2
    assert [r.webhook_id for r in receiver.received] == [e["id"] for e in events]
    requested = events[0]["data"]
    assert requested["position"] > 0 and requested["version"] == 1
    assert requested["actor_id"] == programme.budi.id
    assert requested["data"]["message"] == "[private]"
