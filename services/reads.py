"""Reading a relationship: its state now or at any moment, and its whole history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import Program, Relationship
from domain.values import Feedback, Meeting
from services.application import Core
from services.errors import NotFound
from services.history import HistoryEvent, history_event
from services.paging import Page, page_after
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
        """Loads one state, from its latest snapshot: the parties and programme that decide who
        may read it never change, so the state then answers that as the state now would."""
        if as_of is not None:
            version = self._version_at(relationship_id, as_of)
        then = None if version == 0 else self._find_then(relationship_id, version)
        relationship = then or self._get(Relationship, relationship_id)
        if not self._may_read_state(caller, relationship):
            raise refusal(caller, f"relationship {relationship_id}")
        if then is None:
            raise NotFound("The relationship did not exist then.")
        return RelationshipView(then, caller.is_party_to(relationship))

    def meetings_page(
        self,
        caller: Caller,
        relationship_id: UUID,
        limit: int,
        cursor: str | None = None,
        as_of: datetime | None = None,
        version: int | None = None,
    ) -> tuple[RelationshipView, Page[Meeting]]:
        """Its meetings in the order the state lists them, a page at a time, by its readers."""
        view = self.relationship(caller, relationship_id, as_of, version)
        meetings = view.relationship.meeting_list
        return view, page_after(meetings, limit, cursor, key=lambda meeting: meeting.id)

    def feedback_page(
        self,
        caller: Caller,
        relationship_id: UUID,
        limit: int,
        cursor: str | None = None,
        as_of: datetime | None = None,
        version: int | None = None,
    ) -> tuple[RelationshipView, Page[Feedback]]:
        """Its feedback in the order given, a page at a time, by its readers."""
        view = self.relationship(caller, relationship_id, as_of, version)
        feedback = view.relationship.feedback
        return view, page_after(feedback, limit, cursor, key=lambda given: given.id)

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

    def _find_then(self, relationship_id: UUID, version: int | None) -> Relationship | None:
        """The relationship at `version` (now if None); None if it never reached it."""
        try:
            relationship = self._get(Relationship, relationship_id, version=version)
        except NotFound:
            return None
        if version is not None and relationship.version != version:
            return None
        return relationship

    def _version_at(self, aggregate_id: UUID, moment: datetime) -> int:
        """The version of the last event at or before `moment`; 0 if there was none then.

        Bisects on single-event reads: the service stamps an aggregate's events in the order
        it saves them, so their times do not decrease as their versions increase.
        """
        with self._replaying(aggregate_id):
            last: list[Any] = list(self.events.get(aggregate_id, desc=True, limit=1))
            if not last:
                return 0
            low, high = 0, int(last[0].originator_version)  # low: at or before; above high: after
            if last[0].timestamp <= moment:
                return high
            high -= 1
            while low < high:
                middle = (low + high + 1) // 2
                found: list[Any] = list(self.events.get(aggregate_id, gt=middle - 1, lte=middle))
                [event] = found  # a missing version is a damaged history
                if event.timestamp <= moment:
                    low = middle
                else:
                    high = middle - 1
            return low
