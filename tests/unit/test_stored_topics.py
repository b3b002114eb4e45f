"""The names events are stored under: moving or renaming an event class must be deliberate."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain import OpenPair, Participant, Relationship
from services.idempotency import IdempotencyRecord
from services.sealing import RelationshipSeal
from tests.unit.builders import (
    ANA_ID,
    BUDI,
    BUDI_ID,
    EVERY_COMMAND,
    PROGRAM_ID,
    a_programme,
    a_relationship_that_takes,
)

# Every topic Tandem writes, as stored by earlier releases: data written then must keep loading.
STORED_TOPICS = {
    "domain.agreements:Agreements.BoundariesAgreed",
    "domain.agreements:Agreements.BoundariesProposed",
    "domain.agreements:Agreements.ModeShiftAgreed",
    "domain.agreements:Agreements.ModeShiftProposed",
    "domain.collaboration:Collaboration.AgendaPrepared",
    "domain.collaboration:Collaboration.FeedbackGiven",
    "domain.collaboration:Collaboration.GoalAchieved",
    "domain.collaboration:Collaboration.GoalAdded",
    "domain.collaboration:Collaboration.MeetingCancelled",
    "domain.collaboration:Collaboration.MeetingHeld",
    "domain.collaboration:Collaboration.MeetingScheduled",
    "domain.programme:Participant.Enrolled",
    "domain.programme:Participant.Registered",
    "domain.programme:Program.Created",
    "domain.relationship:Relationship.Accepted",
    "domain.relationship:Relationship.Concluded",
    "domain.relationship:Relationship.Declined",
    "domain.relationship:Relationship.Paused",
    "domain.relationship:Relationship.Requested",
    "domain.relationship:Relationship.Resumed",
    "domain.relationship:Relationship.Withdrawn",
    "domain.requesting:OpenPair.Closed",
    "domain.requesting:OpenPair.Opened",
    "domain.requesting:OpenPair.Started",
    "services.idempotency:IdempotencyRecord.Used",
    "services.sealing:RelationshipSeal.Opened",
    "services.sealing:RelationshipSeal.Sealed",
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
    record = IdempotencyRecord(
        sub="s", key="k", fingerprint="f", aggregate_id=uuid4(), version=1, part_id=None
    )
    seal = RelationshipSeal(relationship_id=uuid4(), parties=[])
    seal.seal(["digest"], b"key")
    return [a_new_request(), *relationships, program, participant, pair, record, seal]


def test_every_event_is_written_under_the_topic_earlier_releases_stored() -> None:
    written = topics_of(*every_kind_of_aggregate_with_every_event())

    assert written == STORED_TOPICS
