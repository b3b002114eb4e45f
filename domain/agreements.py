"""How the two parties agree the terms of their relationship: boundaries and mode."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from domain.errors import ModeUnchanged, NoOpenProposal, NotAllowed, NotAParty
from domain.relationship_state import RelationshipState, when
from domain.values import Boundaries, Channel, Mode, ModeProposal, Status


class Agreements(RelationshipState):
    """Boundaries and mode change only when the party who did not propose agrees."""

    class BoundariesProposed(Aggregate.Event):
        by: str
        meeting_every_days: int
        channel: str
        confidential_topics: list[str]
        notes: str | None

    def propose_boundaries(
        self,
        by: str,
        meeting_every_days: int,
        channel: str,
        confidential_topics: list[str],
        notes: str | None = None,
    ) -> None:
        self._require_party(by, "propose boundaries")
        self._require_status("have boundaries proposed", Status.ACTIVE)
        self._boundaries_proposed(
            by=by,
            meeting_every_days=meeting_every_days,
            channel=Channel(channel).value,
            confidential_topics=list(confidential_topics),
            notes=notes,
        )

    @event(BoundariesProposed)
    def _boundaries_proposed(
        self,
        by: str,
        meeting_every_days: int,
        channel: str,
        confidential_topics: list[str],
        notes: str | None,
        timestamp: datetime | None = None,
    ) -> None:
        self.boundaries_proposed = Boundaries(
            meeting_every_days=meeting_every_days,
            channel=Channel(channel),
            confidential_topics=confidential_topics,
            notes=notes,
            proposed_by=by,
            proposed_at=when(timestamp),
        )

    class BoundariesAgreed(Aggregate.Event):
        by: str

    def agree_boundaries(self, by: str) -> None:
        self._require_party(by, "agree boundaries")
        if self.boundaries_proposed is None:
            raise NoOpenProposal("There are no proposed boundaries to agree.")
        if self.boundaries_proposed.proposed_by == by:
            raise NotAllowed("Only the party who did not propose the boundaries can agree them.")
        self._require_status("agree boundaries", Status.ACTIVE)
        self._boundaries_agreed(by=by)

    @event(BoundariesAgreed)
    def _boundaries_agreed(self, by: str, timestamp: datetime | None = None) -> None:
        assert self.boundaries_proposed is not None
        self.boundaries_in_force = replace(
            self.boundaries_proposed, agreed_by=by, agreed_at=when(timestamp)
        )
        self.boundaries_proposed = None

    class ModeShiftProposed(Aggregate.Event):
        by: str
        mode: str
        mentor_id: UUID | None

    def propose_mode(self, by: str, mode: str, mentor_id: UUID | None = None) -> None:
        self._require_party(by, "propose a change of mode")
        self._require_status("change mode", Status.ACTIVE)
        new_mode = Mode(mode)
        if new_mode is Mode.PEER:
            mentor_id = None
        elif mentor_id not in self.parties:
            raise NotAParty("The mentor must be one of the two parties.")
        if new_mode is self.mode and mentor_id == self.mentor_id:
            raise ModeUnchanged(f"The relationship is already in {mode} mode as proposed.")
        self._mode_shift_proposed(by=by, mode=new_mode.value, mentor_id=mentor_id)

    @event(ModeShiftProposed)
    def _mode_shift_proposed(
        self, by: str, mode: str, mentor_id: UUID | None, timestamp: datetime | None = None
    ) -> None:
        self.mode_proposal = ModeProposal(Mode(mode), mentor_id, by, when(timestamp))

    class ModeShiftAgreed(Aggregate.Event):
        by: str
        mode: str
        mentor_id: UUID | None

    def agree_mode(self, by: str) -> None:
        self._require_party(by, "agree a change of mode")
        proposal = self.mode_proposal
        if proposal is None:
            raise NoOpenProposal("There is no proposed change of mode to agree.")
        if proposal.proposed_by == by:
            raise NotAllowed("Only the party who did not propose the change can agree it.")
        self._require_status("change mode", Status.ACTIVE)
        self._mode_shift_agreed(by=by, mode=proposal.mode.value, mentor_id=proposal.mentor_id)

    @event(ModeShiftAgreed)
    def _mode_shift_agreed(self, by: str, mode: str, mentor_id: UUID | None) -> None:
        self.mode = Mode(mode)
        self.mentor_id = mentor_id
        self.mode_proposal = None
