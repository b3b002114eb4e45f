"""Reading a relationship: its state now or at any moment, and its whole history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from domain import Program, Relationship
from domain.errors import InvalidReference
from domain.relationship_events import Requested
from domain.values import Feedback, Meeting
from services import policy
from services.errors import NotFound
from services.history import HistoryEvent, history_event
from services.paging import Page, page_after
from services.policy import Caller, refusal
from services.tandem import Tandem

Part = Literal["meetings", "feedback"]


@dataclass(frozen=True)
class RelationshipView:
    """A relationship as one caller may see it: private text only for its two parties."""

    relationship: Relationship
    reveals_private: bool


@dataclass(frozen=True)
class Changes:
    """What changed in a relationship between two versions: its state at each (none before
    it existed) and the events in between, for the same reader."""

    from_version: int
    to_version: int
    before: Relationship | None
    after: RelationshipView
    events: list[HistoryEvent]


@dataclass(frozen=True)
class Reads:
    app: Tandem

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
            version = self.app.version_at(relationship_id, as_of)
        then = None if version == 0 else self._find_then(relationship_id, version)
        relationship = then or self.app.load(Relationship, relationship_id)
        policy.actor_on(
            caller, relationship, program=lambda: self.app.load(Program, relationship.program_id)
        )
        if then is None:
            raise NotFound("The relationship did not exist then.")
        return RelationshipView(then, policy.may_read_private(caller, relationship))

    def parts_page(
        self,
        caller: Caller,
        relationship_id: UUID,
        part: Part,
        limit: int,
        cursor: str | None = None,
        as_of: datetime | None = None,
        version: int | None = None,
    ) -> tuple[RelationshipView, Page[Any]]:
        """Its meetings or feedback in the order the state lists them, a page at a time, for
        the same readers as the state."""
        view = self.relationship(caller, relationship_id, as_of, version)
        items: list[Meeting] | list[Feedback] = (
            view.relationship.meeting_list if part == "meetings" else view.relationship.feedback
        )
        return view, page_after(items, limit, cursor, key=lambda item: item.id)

    def changes(
        self,
        caller: Caller,
        relationship_id: UUID,
        start: datetime | int,
        end: datetime | int | None = None,
    ) -> Changes:
        """Between two moments, each a time or a version (`end` now if None): for whoever may
        read the state, with the same private-text rules."""
        to_version = None if end is None else self._version(relationship_id, end)
        after = self.relationship(caller, relationship_id, version=to_version)
        from_version, to_version = self._version(relationship_id, start), after.relationship.version
        if from_version > to_version:
            raise InvalidReference("from", f"Must not come after to (version {to_version}).")
        before = None if from_version == 0 else self._find_then(relationship_id, from_version)
        with self.app.replaying(relationship_id):
            events = self.app.events.get(relationship_id, gt=from_version, lte=to_version)
            between = [history_event(e, reveal_private=after.reveals_private) for e in events]
        return Changes(from_version, to_version, before, after, between)

    def _version(self, relationship_id: UUID, moment: datetime | int) -> int:
        if isinstance(moment, datetime):
            return self.app.version_at(relationship_id, moment)
        return moment

    def history(self, caller: Caller, relationship_id: UUID) -> list[HistoryEvent]:
        with self.app.replaying(relationship_id):
            events = list(self.app.events.get(relationship_id))
        if not events or not isinstance(events[0], Requested):
            raise NotFound(f"No relationship {relationship_id}.")
        relationship = self.app.load(Relationship, relationship_id)
        if not policy.may_read_history(caller, relationship):
            raise refusal(caller, f"relationship {relationship_id}")
        reveal = policy.may_read_private(caller, relationship)
        return [history_event(event, reveal_private=reveal) for event in events]

    def _find_then(self, relationship_id: UUID, version: int | None) -> Relationship | None:
        """The relationship at `version` (now if None); None if it never reached it."""
        try:
            relationship: Relationship = self.app.load(Relationship, relationship_id, version)
        except NotFound:
            return None
        if version is not None and relationship.version != version:
            return None
        return relationship
