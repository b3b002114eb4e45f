"""Reminders from the views at a moment the test chooses: once per relationship and due moment,
delivered as signed webhooks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain import clock
from services.webhooks.dispatcher import Dispatcher
from services.wiring import Services
from tests.support.answers import must
from tests.support.http_world import Programme, Relationship
from tests.support.moments import rfc3339
from tests.support.receiver import Receiver
from tests.support.webhooks import subscribe

DAY = timedelta(days=1)
MEETING_DUE = "org.tandem.reminder.meeting_due"
CHECK_IN = "org.tandem.reminder.check_in_needed"


def settle(services: Services) -> None:
    """The views have taken every command so far (reminders are read from them)."""
    services.coordination.await_position(services.tandem.recorder.max_notification_id())


def schedule(relationship: Relationship, when: datetime) -> Any:
    body = {"scheduled_for": rfc3339(when), "duration_minutes": 45, "mode": "video"}
    return relationship.command(relationship.requester.token, "meetings", body)


def test_a_meeting_due_reminder_goes_out_once_a_day_before_the_meeting(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher, services: Services
) -> None:
    _, secret = subscribe(programme, receiver.url, types=[MEETING_DUE])
    now = datetime.now(UTC).replace(microsecond=0)
    relationship = programme.mentoring("active")
    scheduled = schedule(relationship, now + 3 * DAY)
    settle(services)
    dispatcher.catch_up(now)

    early = dispatcher.remind(now + DAY)
    due = dispatcher.remind(now + 2 * DAY + timedelta(hours=1))
    again = dispatcher.remind(now + 2 * DAY + timedelta(hours=2))
    dispatcher.deliver_due(now + 2 * DAY + timedelta(hours=2))

    assert (early, due, again) == (0, 1, 0)
    [reminder] = receiver.verified(secret)
    meeting = must(scheduled, 201)["id"]
    assert reminder["type"] == MEETING_DUE
    assert reminder["id"] == f"{relationship.id}:meeting_due:{meeting}"
    assert reminder["subject"] == f"relationships/{relationship.id}"
    assert reminder["data"]["meeting_id"] == meeting
    assert reminder["data"]["scheduled_for"] == rfc3339(now + 3 * DAY)
    assert reminder["data"]["due_at"] == rfc3339(now + 2 * DAY)
    assert sorted(reminder["data"]["parties"]) == sorted([programme.ana.id, programme.budi.id])


def test_a_cancelled_meeting_gets_no_reminder(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher, services: Services
) -> None:
    subscribe(programme, receiver.url, types=[MEETING_DUE])
    now = datetime.now(UTC)
    relationship = programme.mentoring("active")
    meeting = must(schedule(relationship, now + 3 * DAY), 201)["id"]
    cancelled = relationship.command(
        programme.ana.token, f"meetings/{meeting}/cancel", {"reason": "Travelling"}
    )
    must(cancelled)
    settle(services)

    assert dispatcher.remind(now + 2 * DAY + timedelta(hours=1)) == 0


def test_a_check_in_reminder_goes_out_once_each_time_a_relationship_needs_one(
    programme: Programme, receiver: Receiver, dispatcher: Dispatcher, services: Services
) -> None:
    _, secret = subscribe(programme, receiver.url, types=[CHECK_IN])
    start = datetime.now(UTC).replace(microsecond=0) - 10 * DAY
    with clock.at(start):
        relationship = programme.mentoring("active")
    settle(services)
    dispatcher.catch_up()

    too_early = dispatcher.remind(start + 10 * DAY)
    first = dispatcher.remind(start + 15 * DAY)
    same = dispatcher.remind(start + 16 * DAY)
    with clock.at(start + 16 * DAY):
        meeting = must(schedule(relationship, start + 16 * DAY), 201)["id"]
        held = relationship.command(programme.ana.token, f"meetings/{meeting}/held", {})
    must(held)
    settle(services)
    on_track = dispatcher.remind(start + 20 * DAY)
    second = dispatcher.remind(start + 31 * DAY)
    dispatcher.deliver_due(start + 31 * DAY)

    assert (too_early, first, same, on_track, second) == (0, 1, 0, 0, 1)
    reminders = receiver.verified(secret)
    assert [r["type"] for r in reminders] == [CHECK_IN, CHECK_IN]
    assert [r["data"]["due_at"] for r in reminders] == [
        rfc3339(start + 14 * DAY),
        rfc3339(start + 30 * DAY),
    ]
