"""Reading a relationship: its state now or at any moment, and its whole history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import Program, Relationship
from services.application import Core
from services.errors import NotFound
from services.history import HistoryEvent, history_event
from services.policy import Caller, refusal


@dataclass(frozen=True)
class RelationshipView:
    """A relationship as one caller may see it: private text only for its two parties."""

    relationship: Relationship
    reveals_private: bool


class Reads(Core):
    def relationship(
        self,
        caller: Caller,
        relationship_id: UUID,
        as_of: datetime | None = None,
        version: int | None = None,
    ) -> RelationshipView:
        current = self._get(Relationship, relationship_id)
        if not self._may_read_state(caller, current):
            raise refusal(caller, f"relationship {relationship_id}")
        state = current
        if as_of is not None or version is not None:
            state = self._relationship_then(relationship_id, as_of, version)
        return RelationshipView(state, caller.is_party_to(current))

    def history(self, caller: Caller, relationship_id: UUID) -> list[HistoryEvent]:
        events = list(self.events.get(relationship_id))
        if not events or not isinstance(events[0], Relationship.Requested):
            raise NotFound(f"No relationship {relationship_id}.")
        relationship = self._get(Relationship, relationship_id)
        party = caller.is_party_to(relationship)
        if not (party or caller.is_admin or caller.is_auditor):
            raise refusal(caller, f"relationship {relationship_id}")
        return [history_event(event, reveal_private=party) for event in events]

    def _may_read_state(self, caller: Caller, relationship: Relationship) -> bool:
        if caller.is_party_to(relationship) or caller.is_admin:
            return True
        return "coordinator" in caller.roles and caller.coordinates(
            self._get(Program, relationship.program_id)
        )

    def _relationship_then(
        self, relationship_id: UUID, as_of: datetime | None, version: int | None
    ) -> Relationship:
        state: Any = None
        events: list[Any] = list(self.events.get(relationship_id, lte=version))
        for event in events:
            if as_of is not None and event.timestamp > as_of:
                break
            state = event.mutate(state)
        if state is None or (version is not None and state.version != version):
            raise NotFound("The relationship did not exist then.")
        assert isinstance(state, Relationship)
        return state
