"""Sealing relationships' histories and verifying them against their seals."""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import resolve_topic

from domain.relationship_events import Requested, stored_topics
from services import policy
from services.errors import NotFound
from services.policy import Caller, refusal
from services.privacy.envelopes import DamagedEnvelope, opening, transform
from services.privacy.mapper import fields_of
from services.sealing import (
    GENESIS,
    Breach,
    RelationshipSeal,
    Verification,
    chain,
    digest,
    plaintext_of,
    sign,
    verify,
)
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

    def reseal(self, relationship_id: UUID, rewritten: dict[int, str], reason: str) -> Any:
        """The seal, re-sealed over versions rewritten on purpose (unsaved); None if none."""
        seal = self.app.find(RelationshipSeal, RelationshipSeal.create_id(relationship_id))
        if seal is None or not any(v <= seal.sealed_version for v in rewritten):
            return None
        seal.reseal(rewritten, reason, self.seal_key)
        return seal

    def _verify(
        self, relationship_id: UUID, stored: Any, seal: RelationshipSeal | None
    ) -> Verification:
        plaintexts = [plaintext_of(self.app.mapper, row) for row in stored]
        verification = verify(relationship_id, stored, plaintexts, seal, self.seal_key)
        if seal is None or not seal.reseals or not verification.intact:
            return verification
        return self._with_reseals(verification, seal, stored)

    def _with_reseals(
        self, verification: Verification, seal: RelationshipSeal, stored: Any
    ) -> Verification:
        """A re-sealed history is intact if the seal before was valid and each rewritten
        version, opened, is what that seal covered (checked while its key exists)."""
        rid = seal.relationship_id
        digests, checked = list(seal.digests), []
        for reseal in reversed(seal.reseals):
            for version, before in zip(reseal.versions, reseal.digests_before, strict=True):
                digests[version - 1] = before
            signed = hmac.compare_digest(
                reseal.signature_before, sign(self.seal_key, rid, reseal.head_before)
            )
            if not signed or chain(GENESIS, digests[: reseal.covered]) != reseal.head_before:
                return replace(
                    verification,
                    intact=False,
                    problem=Breach.SEAL_INVALID,
                    detail="The seal before its re-sealing does not match its signature.",
                )
            opened = [self._sealed_before(stored[v - 1]) for v in reseal.versions]
            for version, digest_then, before in zip(
                reseal.versions, opened, reseal.digests_before, strict=True
            ):
                if digest_then is not None and digest_then != before:
                    return replace(
                        verification,
                        intact=False,
                        first_bad_version=version,
                        problem=Breach.ALTERED,
                        detail=f"Version {version} was re-sealed but is not what was sealed.",
                    )
            unopened = None in opened
            checked.append(replace(reseal, checked=None if unopened else True))
        return replace(verification, reseals=list(reversed(checked)))

    def _sealed_before(self, row: Any) -> str | None:
        """The digest the row had before its sealed fields were enveloped; None once its key
        is erased (the digests kept in the seal are then the evidence)."""
        state = self.app.mapper.decoded(row)
        fields = fields_of(resolve_topic(row.topic), state)
        found = self.app.keyring.reading(row.originator_id)
        if found.erased or found.key is None:
            return None
        try:
            opened = transform(state, fields, opening(found.key, erased=False))
        except DamagedEnvelope:
            return ""
        return digest(row, self.app.mapper.transcoder.encode(opened))

    def _parties(self, stored: Any) -> list[UUID]:
        """From the first stored event alone: later ones may be what is being checked."""
        if not stored or stored[0].originator_version != 1 or stored[0].topic not in REQUESTED:
            return []
        try:
            requested = self.app.mapper.to_domain_event(stored[0])
        except Exception:
            return []
        return [requested.requester_id, requested.invitee_id]  # type: ignore[attr-defined]
