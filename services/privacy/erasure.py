"""Erasure: a person forgotten (their name and e-mail, and the private text of every relationship
they are a party to), or a relationship's private text past its programme's retention period.

The erasure is recorded as events (who, when, why) in the same transaction that destroys the
data keys, so it happens whole or not at all. The log keeps its envelopes, unreadable now, so
every history still verifies. Copies outside the log are then chased by everything registered
in `holders` (one call, `forget`), each purging its own: caches, views, delivery logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from domain import Participant, Relationship
from domain.errors import Erased as AlreadyErased
from domain.errors import NotAllowed
from services import policy
from services.coordination import Coordination
from services.tandem import Tandem
from services.unit_of_work import Command, Recorded, UnitOfWork

log = logging.getLogger(__name__)
PARTIES_TO = """SELECT id FROM view_relationships
WHERE requester_id = :participant_id OR invitee_id = :participant_id ORDER BY seq"""


@dataclass(frozen=True)
class Erased:
    """What one erasure made unreadable: a person (or none, for retention) and relationships."""

    participant_id: UUID | None
    relationship_ids: frozenset[UUID]


class Holder(Protocol):
    """Anything that keeps a copy of private text or contact details outside the log."""

    def forget(self, erased: Erased) -> None: ...


@dataclass
class Erasures:
    app: Tandem
    coordination: Coordination
    holders: list[Holder] = field(default_factory=list)
    # How to have the views reach a position: wait for whatever follows the log; a command
    # run where nothing does (the CLI) catches them up itself.
    await_views: Callable[[int | None], None] | None = None

    def erase_participant(
        self, command: Command, participant_id: UUID, reason: str
    ) -> Recorded[Participant]:
        """Forgets the person and the private text of every relationship they are a party to."""
        if not policy.may_erase(command.caller):
            raise NotAllowed("Only admins erase people.")
        relationship_ids = self.relationships_of(participant_id)
        by = command.caller.sub
        work: UnitOfWork[Participant] = UnitOfWork(self.app, command)
        while work.pending():
            with work.attempt():
                participant = work.load(Participant, participant_id)
                participant.erase(by=by, reason=reason)
                relationships = [work.load(Relationship, r) for r in relationship_ids]
                for relationship in relationships:
                    if relationship.private_text_erased_at is None:
                        relationship.erase_private_text(by, reason, participant_id)
                gone = {participant_id, *relationship_ids}
                work.save(participant, *relationships, destroying=gone)
        self.chase(Erased(participant_id, frozenset(relationship_ids)))
        self._late_requests(command, participant_id, work.recorded.position, relationship_ids)
        return work.recorded

    def erase_private_text(self, command: Command, relationship_id: UUID, reason: str) -> bool:
        """Erases one relationship's private text (retention); False if it was already."""
        work: UnitOfWork[Relationship] = UnitOfWork(self.app, command)
        try:
            while work.pending():
                with work.attempt():
                    relationship = work.load(Relationship, relationship_id)
                    relationship.erase_private_text(command.caller.sub, reason, None)
                    work.save(relationship, destroying={relationship_id})
        except AlreadyErased:
            return False
        self.chase(Erased(None, frozenset({relationship_id})))
        return True

    def relationships_of(self, participant_id: UUID, until: int | None = None) -> list[UUID]:
        """Every relationship they are a party to, from views that have read the log up to
        `until` (else its end)."""
        position = until or self.app.recorder.max_notification_id()
        (self.await_views or self.coordination.await_position)(position)
        rows = self.coordination.views.fetch(PARTIES_TO, {"participant_id": str(participant_id)})
        return [UUID(row["id"]) for row in rows]

    def chase(self, erased: Erased) -> None:
        """Every holder purges its copies; one failing does not keep the others from theirs."""
        for holder in self.holders:
            try:
                holder.forget(erased)
            except Exception:
                log.exception("%s could not forget %s", type(holder).__name__, erased)

    def _late_requests(
        self, command: Command, participant_id: UUID, position: int, erased: Iterable[UUID]
    ) -> None:
        """A request recorded while the erasure was (an erased person is enrolled nowhere, so
        none can follow it): its private text is erased too."""
        late = set(self.relationships_of(participant_id, until=position)) - set(erased)
        for relationship_id in sorted(late):
            reason = "Its party was erased while it was requested."
            self.erase_private_text(Command(command.caller), relationship_id, reason)
