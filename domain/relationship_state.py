"""What every part of a relationship knows: its parties, its state, and who may act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.aggregate import Aggregate
from domain.errors import Erased, InvalidTransition, NotAllowed, UnknownPart
from domain.values import (
    Actor,
    Boundaries,
    Conclusion,
    Feedback,
    Goal,
    Meeting,
    Mode,
    ModeProposal,
    Status,
)


@dataclass(frozen=True)
class BoundariesState:
    in_force: Boundaries | None
    proposed: Boundaries | None


class RelationshipState(Aggregate):
    """The state shared by the parts of a relationship; only Relationship is created."""

    program_id: UUID
    requester_id: UUID
    invitee_id: UUID
    kind: Mode
    mode: Mode
    mentor_id: UUID | None
    message: str
    status: Status
    status_reason: str | None
    accepted_at: datetime | None
    goals: dict[UUID, Goal]
    boundaries_in_force: Boundaries | None
    boundaries_proposed: Boundaries | None
    mode_proposal: ModeProposal | None
    meetings: dict[UUID, Meeting]
    feedback: list[Feedback]
    conclusion: Conclusion | None
    paused_until: datetime | None
    ended_at: datetime | None  # declined, withdrawn or concluded
    private_text_erased_at: datetime | None

    @property
    def boundaries(self) -> BoundariesState:
        return BoundariesState(self.boundaries_in_force, self.boundaries_proposed)

    @property
    def goal_list(self) -> list[Goal]:
        return list(self.goals.values())

    @property
    def meeting_list(self) -> list[Meeting]:
        """In the order they take place; meetings set for the same time, in the order scheduled."""
        return sorted(self.meetings.values(), key=lambda meeting: meeting.scheduled_for)

    @property
    def parties(self) -> tuple[UUID, UUID]:
        return (self.requester_id, self.invitee_id)

    def is_party(self, actor: str) -> bool:
        return actor in (str(self.requester_id), str(self.invitee_id))

    @property
    def mentee_id(self) -> UUID | None:
        if self.mentor_id is None:
            return None
        return self.invitee_id if self.mentor_id == self.requester_id else self.requester_id

    def other_party(self, party: UUID) -> UUID:
        return self.invitee_id if party == self.requester_id else self.requester_id

    def _require_party(self, actor: Actor, doing: str) -> UUID:
        if not self.is_party(actor.id):
            raise NotAllowed(f"Only the two parties can {doing}.")
        return UUID(actor.id)

    def _require_party_or_coordinator(self, actor: Actor, doing: str) -> None:
        if not (actor.coordinates or self.is_party(actor.id)):
            raise NotAllowed(f"Only the parties or a coordinator of the programme can {doing}.")

    def _require_status(self, doing: str, *allowed: Status, once_erased: bool = False) -> None:
        """In one of the `allowed` states; and, unless `once_erased`, not erased: a relationship
        whose private text is erased (a party forgotten) takes nothing new but its conclusion."""
        if self.private_text_erased_at is not None and not once_erased:
            raise Erased(f"The private text of this relationship was erased: it cannot {doing}.")
        if self.status not in allowed:
            raise InvalidTransition(f"A {self.status.value} relationship cannot {doing}.")

    def _meeting(self, meeting_id: UUID) -> Meeting:
        try:
            return self.meetings[meeting_id]
        except KeyError:
            raise UnknownPart(f"No meeting {meeting_id} in this relationship.") from None
