"""Sealing relationships' histories and verifying them against their seals."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.relationship_events import Requested, stored_topics
from services import policy
from services.errors import NotFound
from services.policy import Caller, refusal
from services.sealing import RelationshipSeal, Verification, digest, plaintext_of, verify
from services.tandem import Tandem

log = logging.getLogger(__name__)
REQUESTED = stored_topics(Requested)  # a relationship's first event, as any release stored it


class Evidence:
    def __init__(self, app: Tandem, seal_key: bytes) -> None:
        self.app = app
        self.seal_key = seal_key

    def seal(self, relationship_ids: Iterable[UUID]) -> int:
        """Extends each relationship's seal over its new events; answers how many it sealed."""
        sealed = 0
        for relationship_id in relationship_ids:
            with contextlib.suppress(IntegrityError):  # another process sealed it just now
                sealed += self._seal(relationship_id)
        return sealed

    def _seal(self, relationship_id: UUID) -> int:
        stored = self.app.recorder.select_events(relationship_id)
        seal = self.app.find(RelationshipSeal, RelationshipSeal.create_id(relationship_id))
        if seal is not None and len(stored) <= seal.sealed_version:
            return 0
        check = self._verify(relationship_id, stored, seal)
        if not check.intact:
            log.error("Not sealing relationship %s: %s", relationship_id, check.detail)
            return 0
        seal = seal or RelationshipSeal(
            relationship_id=relationship_id, parties=self._parties(stored)
        )
        fresh = stored[seal.sealed_version :]
        seal.seal(
            [digest(row, plaintext_of(self.app.mapper, row) or b"") for row in fresh], self.seal_key
        )
        self.app.save(seal)
        return 1

    def relationship_ids(self) -> Iterator[UUID]:
        """Every relationship ever requested, from the log itself (not from any view)."""
        start = 0
        while page := self.app.recorder.select_notifications(
            start=start, limit=1000, topics=list(REQUESTED), inclusive_of_start=False
        ):
            yield from (UUID(str(n.originator_id)) for n in page)
            start = page[-1].id

    def verification(self, caller: Caller, relationship_id: UUID) -> Verification:
        stored = self.app.recorder.select_events(relationship_id)
        seal = self.app.find(RelationshipSeal, RelationshipSeal.create_id(relationship_id))
        if seal is None and not (stored and stored[0].topic in REQUESTED):
            raise NotFound(f"No relationship {relationship_id}.")  # nor a sealed one, gone
        parties = seal.parties if seal and seal.parties else self._parties(stored)
        if not policy.may_verify(caller, parties):
            raise refusal(caller, f"relationship {relationship_id}")
        return self._verify(relationship_id, stored, seal)

    def _verify(
        self, relationship_id: UUID, stored: Any, seal: RelationshipSeal | None
    ) -> Verification:
        plaintexts = [plaintext_of(self.app.mapper, row) for row in stored]
        return verify(relationship_id, stored, plaintexts, seal, self.seal_key)

    def _parties(self, stored: Any) -> list[UUID]:
        """From the first stored event alone: later ones may be what is being checked."""
        if not stored or stored[0].originator_version != 1 or stored[0].topic not in REQUESTED:
            return []
        try:
            requested = self.app.mapper.to_domain_event(stored[0])
        except Exception:
            return []
        return [requested.requester_id, requested.invitee_id]  # type: ignore[attr-defined]
