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
from domain.errors import Erased, NotAllowed
from domain.values import Actor, Goal, Mode, Outcome, Status

ENDED = (Status.DECLINED.value, Status.WITHDRAWN.value, Status.CONCLUDED.value)


class Relationship(Collaboration, Agreements):
    # Version 2 added `ended_at` and `private_text_erased_at`. A snapshot taken before them
    # was erased by nothing, and if it had ended, its ending was its last event.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["private_text_erased_at"] = None
        last: Any = state.get("_modified_on")
        if state.get("status") not in ENDED or last is None:
            state["ended_at"] = None
        else:  # the codec types it from text, as it was stored
            state["ended_at"] = last if isinstance(last, str) else last.isoformat()

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
        self.ended_at = None
        self.private_text_erased_at = None

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
        self._require_status("be concluded", Status.ACTIVE, Status.PAUSED, once_erased=True)
        if reflection is not None and self.private_text_erased_at is not None:
            raise Erased("The private text of this relationship was erased: conclude it without.")
        self.trigger_event(
            events.Concluded, by=actor.id, outcome=Outcome(outcome).value, reflection=reflection
        )

    # Erasing: an administrator's (a party forgotten), or the programme's retention period.

    def erase_private_text(self, by: str, reason: str, participant_id: UUID | None) -> None:
        """Records the erasure; the text itself is made unreadable by destroying its key."""
        if self.private_text_erased_at is not None:
            raise Erased("The private text of this relationship was erased already.")
        self.trigger_event(
            events.PrivateTextErased, by=by, reason=reason, participant_id=participant_id
        )
