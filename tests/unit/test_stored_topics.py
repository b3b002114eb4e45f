"""The names events are stored under: moving or renaming an event class must be deliberate."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, resolve_topic

from domain import OpenPair, Participant, Relationship
from services.sealing import RelationshipSeal
from services.webhooks.calendar_key import CalendarKey
from services.webhooks.subscription import Subscription
from tests.support.domain_world import (
    ANA_ID,
    BUDI,
    BUDI_ID,
    EVERY_COMMAND,
    PROGRAM_ID,
    a_programme,
    a_relationship_that_takes,
)

AGREEMENTS = ("BoundariesAgreed", "BoundariesProposed", "ModeShiftAgreed", "ModeShiftProposed")
COLLABORATION = (
    "AgendaPrepared",
    "FeedbackGiven",
    "GoalAchieved",
    "GoalAdded",
    "MeetingCancelled",
    "MeetingHeld",
    "MeetingScheduled",
)
ANSWERING_AND_ENDING = (
    "Accepted",
    "Concluded",
    "Declined",
    "Paused",
    "Requested",
    "Resumed",
    "Withdrawn",
)
RELATIONSHIP_EVENTS = AGREEMENTS + COLLABORATION + ANSWERING_AND_ENDING
# Every topic Tandem writes today: a move or rename of an event class must change this list,
# and register the old name (as domain.relationship_events does), or stored events stop loading.
WRITTEN = {
    *(f"domain.relationship_events:{name}" for name in RELATIONSHIP_EVENTS),
    "domain.programme:Participant.Enrolled",
    "domain.programme:Participant.Registered",
    "domain.programme:Program.Created",
    "domain.requesting:OpenPair.Closed",
    "domain.requesting:OpenPair.Opened",
    "domain.requesting:OpenPair.Started",
    "services.sealing:RelationshipSeal.Opened",
    "services.sealing:RelationshipSeal.Sealed",
    "services.webhooks.calendar_key:CalendarKey.Issued",
    "services.webhooks.calendar_key:CalendarKey.Reissued",
    "services.webhooks.calendar_key:CalendarKey.Revoked",
    "services.webhooks.subscription:Subscription.Created",
    "services.webhooks.subscription:Subscription.Deleted",
    "services.webhooks.subscription:Subscription.ReplayRequested",
}
# Not events of today's aggregates: snapshots, and the keys releases before kept (read only).
OTHERS = {
    "services.idempotency:IdempotencyRecord.Used",
    "services.speedups.snapshots:StateSnapshot",
}
# Every topic earlier releases stored (releases up to da7bf15), which must keep loading.
STORED_BEFORE = {
    *(f"domain.agreements:Agreements.{name}" for name in AGREEMENTS),
    *(f"domain.collaboration:Collaboration.{name}" for name in COLLABORATION),
    *(f"domain.relationship:Relationship.{name}" for name in ANSWERING_AND_ENDING),
    "domain.programme:Participant.Enrolled",
    "domain.programme:Participant.Registered",
    "domain.programme:Program.Created",
    "domain.requesting:OpenPair.Closed",
    "domain.requesting:OpenPair.Opened",
    "domain.requesting:OpenPair.Started",
    "services.idempotency:IdempotencyRecord.Used",
    "services.sealing:RelationshipSeal.Opened",
    "services.sealing:RelationshipSeal.Sealed",
    "services.snapshots:StateSnapshot",
}


def topics_of(*aggregates: Aggregate) -> set[str]:
    return {get_topic(type(event)) for a in aggregates for event in a.collect_events()}


def a_new_request() -> Relationship:
    return Relationship(
        program_id=PROGRAM_ID,
        requester_id=BUDI_ID,
        invitee_id=ANA_ID,
        kind="mentoring",
        goals=[{"id": uuid4(), "text": "Lead a design review"}],
        message="Would you mentor me?",
        by=BUDI,
    )


def every_kind_of_aggregate_with_every_event() -> list[Aggregate]:
    relationships = []
    for command in EVERY_COMMAND:
        relationship = a_relationship_that_takes(command)
        command(relationship)
        relationships.append(relationship)
    program = a_programme()
    participant = Participant(name="S", email=None, expertise=[], timezone=None, registered_by="c")
    participant.enrol(program.id, ["mentor"], by="c")
    pair = OpenPair(program_id=program.id, parties=[uuid4(), uuid4()])
    pair.open(relationship_id := uuid4())
    pair.close(relationship_id)
    seal = RelationshipSeal(relationship_id=uuid4(), parties=[])
    seal.seal(["digest"], b"key")
    subscription = Subscription(
        program_id=program.id, url="https://hooks.example.org/", types=[], sealed_secret="s", by="c"
    )
    subscription.replay(1, by="c")
    subscription.delete(by="c")
    key = CalendarKey(participant.id, "hash", by="p")
    key.reissue("another", by="p")
    key.revoke(by="p")
    return [a_new_request(), *relationships, program, participant, pair, seal, subscription, key]


def test_every_event_is_written_under_its_one_frozen_topic() -> None:
    written = topics_of(*every_kind_of_aggregate_with_every_event())

    assert written == WRITTEN


def test_every_topic_an_earlier_release_stored_still_names_a_class() -> None:
    for topic in STORED_BEFORE:
        cls = resolve_topic(topic)

        assert get_topic(cls) in WRITTEN | OTHERS, topic
        assert cls.__name__ == topic.rpartition(".")[2].rpartition(":")[2], topic
