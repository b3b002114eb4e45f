"""A mentoring relationship between two participants of a programme, from request to conclusion."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from domain.agreements import Agreements
from domain.collaboration import Collaboration
from domain.errors import NotAllowed
from domain.relationship_state import when
from domain.values import Conclusion, Goal, Mode, Outcome, Status


class Relationship(Collaboration, Agreements):
    class Requested(Aggregate.Created):
        program_id: UUID
        requester_id: UUID
        invitee_id: UUID
        kind: str
        goals: list[dict[str, Any]]
        message: str
        by: str

    @event(Requested)
    def __init__(
        self,
        program_id: UUID,
        requester_id: UUID,
        invitee_id: UUID,
        kind: str,
        goals: list[dict[str, Any]],
        message: str,
        by: str,
    ) -> None:
        self.program_id = program_id
        self.requester_id = requester_id
        self.invitee_id = invitee_id
        self.kind = Mode(kind)
        self.mode = Mode(kind)
        self.mentor_id = invitee_id if self.mode is Mode.MENTORING else None
        self.message = message
        self.status = Status.REQUESTED
        self.status_reason = None
        self.accepted_at = None
        self.goals = {
            g["id"]: Goal(id=g["id"], text=g["text"], added_by=by, added_at=self.created_on)
            for g in goals
        }
        self.boundaries_in_force = None
        self.boundaries_proposed = None
        self.mode_proposal = None
        self.meetings = {}
        self.feedback = []
        self.conclusion = None
        self.paused_until = None

    # Answering the request.

    class Accepted(Aggregate.Event):
        by: str
        message: str | None

    def accept(self, by: str, message: str | None = None) -> None:
        if by != str(self.invitee_id):
            raise NotAllowed("Only the invitee can accept.")
        self._require_status("be accepted", Status.REQUESTED)
        self._accepted(by=by, message=message)

    @event(Accepted)
    def _accepted(self, by: str, message: str | None, timestamp: datetime | None = None) -> None:
        self.status = Status.ACTIVE
        self.accepted_at = when(timestamp)

    class Declined(Aggregate.Event):
        by: str
        reason: str

    def decline(self, by: str, reason: str) -> None:
        if by != str(self.invitee_id):
            raise NotAllowed("Only the invitee can decline.")
        self._require_status("be declined", Status.REQUESTED)
        self._declined(by=by, reason=reason)

    @event(Declined)
    def _declined(self, by: str, reason: str) -> None:
        self.status = Status.DECLINED
        self.status_reason = reason

    class Withdrawn(Aggregate.Event):
        by: str
        reason: str | None

    def withdraw(self, by: str, reason: str | None = None) -> None:
        if by != str(self.requester_id):
            raise NotAllowed("Only the requester can withdraw.")
        self._require_status("be withdrawn", Status.REQUESTED)
        self._withdrawn(by=by, reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, by: str, reason: str | None) -> None:
        self.status = Status.WITHDRAWN
        self.status_reason = reason

    # Pausing and concluding.

    class Paused(Aggregate.Event):
        by: str
        reason: str
        until: datetime | None

        # Version 2 added `until`; pauses recorded before it have no expected end.
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["until"] = None

    def pause(
        self,
        by: str,
        reason: str,
        until: datetime | None = None,
        as_coordinator: bool = False,
    ) -> None:
        self._require_party_or_coordinator(by, as_coordinator, "pause a relationship")
        self._require_status("be paused", Status.ACTIVE)
        self._paused(by=by, reason=reason, until=until)

    @event(Paused)
    def _paused(self, by: str, reason: str, until: datetime | None) -> None:
        self.status = Status.PAUSED
        self.status_reason = reason
        self.paused_until = until

    class Resumed(Aggregate.Event):
        by: str

    def resume(self, by: str, as_coordinator: bool = False) -> None:
        self._require_party_or_coordinator(by, as_coordinator, "resume a relationship")
        self._require_status("be resumed", Status.PAUSED)
        self._resumed(by=by)

    @event(Resumed)
    def _resumed(self, by: str) -> None:
        self.status = Status.ACTIVE
        self.status_reason = None
        self.paused_until = None

    class Concluded(Aggregate.Event):
        by: str
        outcome: str
        reflection: str | None

    def conclude(
        self, by: str, outcome: str, reflection: str | None = None, as_coordinator: bool = False
    ) -> None:
        self._require_party_or_coordinator(by, as_coordinator, "conclude a relationship")
        self._require_status("be concluded", Status.ACTIVE, Status.PAUSED)
        self._concluded(by=by, outcome=Outcome(outcome).value, reflection=reflection)

    @event(Concluded)
    def _concluded(
        self, by: str, outcome: str, reflection: str | None, timestamp: datetime | None = None
    ) -> None:
        self.status = Status.CONCLUDED
        self.status_reason = None
        self.conclusion = Conclusion(Outcome(outcome), reflection, by, when(timestamp))
