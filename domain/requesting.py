"""Requesting mentoring: the rules that span a programme, two participants and their pair."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from domain.errors import AlreadyOpen, NotAllowed, NotEnrolled, SelfRequest
from domain.programme import Participant, Program
from domain.relationship import Relationship
from domain.values import Mode, Role

PAIRS = uuid5(NAMESPACE_URL, "tandem:open-pair")


class OpenPair(Aggregate):
    """At most one open relationship per pair and programme; saved with the relationship."""

    class Started(Aggregate.Created):
        program_id: UUID
        parties: list[UUID]

    @event(Started)
    def __init__(self, program_id: UUID, parties: list[UUID]) -> None:
        self.program_id = program_id
        self.parties = parties
        self.open_relationship_id: UUID | None = None

    @staticmethod
    def create_id(program_id: UUID, parties: list[UUID]) -> UUID:
        first, second = sorted(str(p) for p in parties)
        return uuid5(PAIRS, f"{program_id}/{first}/{second}")

    class Opened(Aggregate.Event):
        relationship_id: UUID

    def open(self, relationship_id: UUID) -> None:
        if self.open_relationship_id is not None:
            raise AlreadyOpen("These two already have an open relationship in this programme.")
        self._opened(relationship_id=relationship_id)

    @event(Opened)
    def _opened(self, relationship_id: UUID) -> None:
        self.open_relationship_id = relationship_id

    class Closed(Aggregate.Event):
        relationship_id: UUID

    def close(self, relationship_id: UUID) -> None:
        if self.open_relationship_id == relationship_id:
            self._closed(relationship_id=relationship_id)

    @event(Closed)
    def _closed(self, relationship_id: UUID) -> None:
        self.open_relationship_id = None


FITTING_ROLES = {Mode.MENTORING: (Role.MENTEE, Role.MENTOR), Mode.PEER: (Role.PEER, Role.PEER)}


def request_relationship(
    program: Program,
    requester: Participant,
    invitee: Participant | None,
    pair: OpenPair | None,
    kind: str,
    goals: list[str],
    message: str,
) -> tuple[Relationship, OpenPair]:
    """Returns the new relationship and the pair index that records it as open."""
    if not requester.roles_in(program.id):
        raise NotAllowed("Only participants enrolled in the programme can request mentoring.")
    if invitee is not None and invitee.id == requester.id:
        raise SelfRequest("Nobody can request a relationship with themselves.")
    mode = Mode(kind)
    requester_role, invitee_role = FITTING_ROLES[mode]
    if requester_role not in requester.roles_in(program.id):
        raise NotEnrolled(f"A {mode.value} request needs a requester enrolled as {requester_role}.")
    if invitee is None or invitee_role not in invitee.roles_in(program.id):
        raise NotEnrolled(f"A {mode.value} request needs an invitee enrolled as {invitee_role}.")
    parties = [requester.id, invitee.id]
    pair = pair or OpenPair(program_id=program.id, parties=parties)
    relationship = Relationship(
        program_id=program.id,
        requester_id=requester.id,
        invitee_id=invitee.id,
        kind=mode.value,
        goals=[{"id": uuid4(), "text": text} for text in goals],
        message=message,
        by=str(requester.id),
    )
    pair.open(relationship.id)
    return relationship, pair
