"""Each relationship event of a programme reaches its subscribers as a signed CloudEvent."""

from __future__ import annotations

from services.webhooks.dispatcher import Dispatcher
from tests.support.answers import must
from tests.support.http_world import AGENDA, BOUNDARIES, REQUEST_MESSAGE, Programme
from tests.support.receiver import Receiver
from tests.support.webhooks import deliver, subscribe


def test_each_event_reaches_the_receiver_as_a_cloudevent_signed_as_standard_webhooks_say(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    _, secret = subscribe(programme, receiver.url)
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
    assert [r.headers["content-type"] for r in receiver.received] == [
        "application/cloudevents+json"
    ] * 2
    assert [r.webhook_id for r in receiver.received] == [e["id"] for e in events]
    requested = events[0]["data"]
    assert requested["position"] > 0 and requested["version"] == 1
    assert requested["actor_id"] == programme.budi.id
    assert requested["data"]["message"] == "[private]"


def test_a_subscription_gets_only_the_types_it_asks_for(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscribe(programme, receiver.url, types=["org.tandem.relationship.accepted"])
    programme.mentoring("active")

    deliver(dispatcher)

    assert [r.event["type"] for r in receiver.received] == ["org.tandem.relationship.accepted"]


def test_events_of_another_programme_are_not_delivered(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    other = must(
        programme.api.post("/api/programs", {"name": "Night School"}, token=programme.admin), 201
    )
    programme.api.post(
        "/api/subscriptions",
        {"url": receiver.url, "program_id": other["id"]},
        token=programme.admin,
    )
    programme.mentoring("active")

    deliver(dispatcher)

    assert receiver.received == []


def test_no_private_text_leaves_in_a_payload(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscribe(programme, receiver.url)
    relationship = programme.mentoring("active")
    budi, ana = programme.budi.token, programme.ana.token
    must(relationship.command(budi, "boundaries", BOUNDARIES))
    meeting = relationship.schedule_meeting()
    must(relationship.command(budi, f"meetings/{meeting}/agenda", AGENDA))
    must(relationship.command(ana, f"meetings/{meeting}/held", {"summary": "Secret summary"}))
    feedback = {"about": "performance", "content": "Secret feedback"}
    must(relationship.command(ana, "feedback", feedback))
    must(relationship.command(budi, "conclude", {"outcome": "goals_met", "reflection": "Secret"}))

    deliver(dispatcher)

    bodies = b"".join(r.body for r in receiver.received).decode()
    assert len(receiver.received) == 8
    for private in (
        REQUEST_MESSAGE,
        *BOUNDARIES["confidential_topics"],
        BOUNDARIES["notes"],
        *AGENDA["topics"],
        AGENDA["progress_reflection"],
        *AGENDA["development_areas"],
        "Secret summary",
        "Secret feedback",
        "Secret",
    ):
        assert private not in bodies
    assert bodies.count('"[private]"') == 9


def test_a_deleted_subscription_gets_nothing_more(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    subscription, _ = subscribe(programme, receiver.url)
    relationship = programme.mentoring("requested")
    deleted = programme.api.request(
        "DELETE", f"/api/subscriptions/{subscription}", token=programme.coordinator
    )
    must(relationship.command(programme.ana.token, "accept"))

    deliver(dispatcher)

    assert must(deleted)["deleted"] is True
    assert receiver.received == []
    gone = programme.api.get(f"/api/subscriptions/{subscription}", token=programme.coordinator)
    assert gone.status == 404
