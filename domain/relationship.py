"""A mentoring relationship between two participants of a programme, from request to conclusion.

Its commands check the rules, then record an event (domain.relationship_events), whose `change`
is all that alters the state, on the command and on every replay alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import relationship_events as events
from domain.agreements import Agreements
from domain.collaboration import Collaboration
from domain.errors import NotAllowed
from domain.values import Actor, Goal, Mode, Outcome, Status


class Relationship(Collaboration, Agreements):
    @event(events.Requested)
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

    def accept(self, actor: Actor, message: str | None = None) -> None:
        if actor.id != str(self.invitee_id):
            raise NotAllowed("Only the invitee can accept.")
        self._require_status("be accepted", Status.REQUESTED)
        self.trigger_event(events.Accepted, by=actor.id, message=message)

    def decline(self, actor: Actor, reason: str) -> None:
        if actor.id != str(self.invitee_id):
            raise NotAllowed("Only the invitee can decline.")
        self._require_status("be declined", Status.REQUESTED)
        self.trigger_event(events.Declined, by=actor.id, reason=reason)

    def withdraw(self, actor: Actor, reason: str | None = None) -> None:
        if actor.id != str(self.requester_id):
            raise NotAllowed("Only the requester can withdraw.")
        self._require_status("be withdrawn", Status.REQUESTED)
        self.trigger_event(events.Withdrawn, by=actor.id, reason=reason)

    # Pausing and concluding: the parties, or a coordinator of the programme.

    def pause(self, actor: Actor, reason: str, until: datetime | None = None) -> None:
        self._require_party_or_coordinator(actor, "pause a relationship")
        self._require_status("be paused", Status.ACTIVE)
        self.trigger_event(events.Paused, by=actor.id, reason=reason, until=until)

    def resume(self, actor: Actor) -> None:
        self._require_party_or_coordinator(actor, "resume a relationship")
        self._require_status("be resumed", Status.PAUSED)
        self.trigger_event(events.Resumed, by=actor.id)

    def conclude(self, actor: Actor, outcome: str, reflection: str | None = None) -> None:
        self._require_party_or_coordinator(actor, "conclude a relationship")
        self._require_status("be concluded", Status.ACTIVE, Status.PAUSED)
        self.trigger_event(
            events.Concluded, by=actor.id, outcome=Outcome(outcome).value, reflection=reflection
        )
