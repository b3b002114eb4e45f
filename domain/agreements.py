"""How the two parties agree the terms of their relationship: boundaries and mode."""

from __future__ import annotations

from uuid import UUID

from domain import relationship_events as events
from domain.errors import ModeUnchanged, NoOpenProposal, NotAllowed, NotAParty
from domain.relationship_state import RelationshipState
from domain.values import Actor, Channel, Mode, Status


class Agreements(RelationshipState):
    """Boundaries and mode change only when the party who did not propose agrees."""

    def propose_boundaries(
        self,
        actor: Actor,
        meeting_every_days: int,
        channel: str,
        confidential_topics: list[str],
        notes: str | None = None,
    ) -> None:
        self._require_party(actor, "propose boundaries")
        self._require_status("have boundaries proposed", Status.ACTIVE)
        self.trigger_event(
            events.BoundariesProposed,
            by=actor.id,
            meeting_every_days=meeting_every_days,
            channel=Channel(channel).value,
            confidential_topics=list(confidential_topics),
            notes=notes,
        )

    def agree_boundaries(self, actor: Actor) -> None:
        self._require_party(actor, "agree boundaries")
        if self.boundaries_proposed is None:
            raise NoOpenProposal("There are no proposed boundaries to agree.")
        if self.boundaries_proposed.proposed_by == actor.id:
            raise NotAllowed("Only the party who did not propose the boundaries can agree them.")
        self._require_status("agree boundaries", Status.ACTIVE)
        self.trigger_event(events.BoundariesAgreed, by=actor.id)

    def propose_mode(self, actor: Actor, mode: str, mentor_id: UUID | None = None) -> None:
        self._require_party(actor, "propose a change of mode")
        self._require_status("change mode", Status.ACTIVE)
        new_mode = Mode(mode)
        if new_mode is Mode.PEER:
            mentor_id = None
        elif mentor_id not in self.parties:
            raise NotAParty("The mentor must be one of the two parties.")
        if new_mode is self.mode and mentor_id == self.mentor_id:
            raise ModeUnchanged(f"The relationship is already in {mode} mode as proposed.")
        self.trigger_event(
            events.ModeShiftProposed, by=actor.id, mode=new_mode.value, mentor_id=mentor_id
        )

    def agree_mode(self, actor: Actor) -> None:
        self._require_party(actor, "agree a change of mode")
        proposal = self.mode_proposal
        if proposal is None:
            raise NoOpenProposal("There is no proposed change of mode to agree.")
        if proposal.proposed_by == actor.id:
            raise NotAllowed("Only the party who did not propose the change can agree it.")
        self._require_status("change mode", Status.ACTIVE)
        self.trigger_event(
            events.ModeShiftAgreed,
            by=actor.id,
            mode=proposal.mode.value,
            mentor_id=proposal.mentor_id,
        )
