"""Tamper evidence: each relationship's events chained by digests, the chain sealed with a key.

A seal records, for every version it covers, the digest of that stored event's content, the
chain head over them, and an HMAC of all that under a key the database does not hold. Verifying
recomputes the digests from the raw stored rows, so an altered, removed or reordered event is
named by its version, whatever the aggregate code would make of it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent

from domain.aggregate import fields_added

SEALS = uuid5(NAMESPACE_URL, "tandem:relationship-seal")
GENESIS = hashlib.sha256(b"tandem").hexdigest()


class RelationshipSeal(Aggregate):
    class Opened(Aggregate.Created):
        relationship_id: UUID
        parties: list[UUID]

        # Version 2 added the parties, so they can verify even if the first event is gone.
        class_version = 2
        upcast_v1_v2 = fields_added(parties=[])

    @event(Opened)
    def __init__(self, relationship_id: UUID, parties: list[UUID]) -> None:
        self.relationship_id = relationship_id
        self.parties = parties
        self.digests: list[str] = []
        self.head = GENESIS
        self.signature = ""
        self.sealed_at: datetime | None = None
        self.reseals: list[Reseal] = []

    @staticmethod
    def create_id(relationship_id: UUID) -> UUID:
        return uuid5(SEALS, str(relationship_id))

    @property
    def sealed_version(self) -> int:
        return len(self.digests)

    class Sealed(Aggregate.Event):
        digests: list[str]
        head: str
        signature: str

    def seal(self, digests: list[str], key: bytes) -> None:
        """Extends the seal over the digests of the versions after the sealed ones."""
        head = chain(self.head, digests)
        self._sealed(digests=digests, head=head, signature=sign(key, self.relationship_id, head))

    @event(Sealed)
    def _sealed(
        self, digests: list[str], head: str, signature: str, timestamp: datetime | None = None
    ) -> None:
        self.digests = [*self.digests, *digests]
        self.head = head
        self.signature = signature
        self.sealed_at = timestamp

    class Resealed(Aggregate.Event):
        """Sealed versions rewritten on purpose (their private text moved into envelopes): their
        digests now, and the digests, head and signature before, kept as evidence."""

        versions: list[int]
        digests: list[str]
        digests_before: list[str]
        covered: int  # the versions the seal covered then
        head: str
        signature: str
        head_before: str
        signature_before: str
        reason: str

    def reseal(self, rewritten: dict[int, str], reason: str, key: bytes) -> None:
        """Takes new digests for sealed versions rewritten on purpose; the rest stand."""
        versions = sorted(v for v in rewritten if v <= self.sealed_version)
        digests = list(self.digests)
        for version in versions:
            digests[version - 1] = rewritten[version]
        head = chain(GENESIS, digests)
        self._resealed(
            versions=versions,
            digests=[rewritten[v] for v in versions],
            digests_before=[self.digests[v - 1] for v in versions],
            covered=self.sealed_version,
            head=head,
            signature=sign(key, self.relationship_id, head),
            head_before=self.head,
            signature_before=self.signature,
            reason=reason,
        )

    @event(Resealed)
    def _resealed(
        self,
        versions: list[int],
        digests: list[str],
        digests_before: list[str],
        covered: int,
        head: str,
        signature: str,
        head_before: str,
        signature_before: str,
        reason: str,
        timestamp: datetime | None = None,
    ) -> None:
        now = list(self.digests)
        for version, digest_now in zip(versions, digests, strict=True):
            now[version - 1] = digest_now
        self.digests, self.head, self.signature = now, head, signature
        before = Reseal(
            timestamp, versions, digests_before, covered, head_before, signature_before, reason
        )
        self.reseals = [*self.reseals, before]


@dataclass(frozen=True)
class Reseal:
    """What a re-sealing changed and why; `checked`, in a verification: whether the rewritten
    versions, opened, are exactly what was sealed before (None once their key is erased)."""

    resealed_at: datetime | None
    versions: list[int]
    digests_before: list[str]
    covered: int
    head_before: str
    signature_before: str
    reason: str
    checked: bool | None = None


def digest(stored: StoredEvent, plaintext: bytes) -> str:
    """The digest of one stored event's type and content as written. Its place is fixed by
    the seal's per-version list and chain, so content found at another version shows a move."""
    return hashlib.sha256(f"{stored.topic}\n".encode() + plaintext).hexdigest()


def chain(head: str, digests: Sequence[str]) -> str:
    for item in digests:
        head = hashlib.sha256(f"{head}{item}".encode()).hexdigest()
    return head


def sign(key: bytes, relationship_id: UUID, head: str) -> str:
    message = f"{relationship_id}\n{head}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class Breach(StrEnum):
    """What a verification finds wrong with a stored history."""

    MISSING = "missing"
    ALTERED = "altered"
    REORDERED = "reordered"
    SEAL_INVALID = "seal-invalid"


@dataclass(frozen=True)
class Verification:
    relationship_id: UUID
    intact: bool
    events: int
    sealed_version: int
    sealed_at: datetime | None
    first_bad_version: int | None
    problem: Breach | None
    detail: str
    reseals: list[Reseal] = field(default_factory=list)


def verify(
    relationship_id: UUID,
    stored: Sequence[StoredEvent],
    plaintexts: Sequence[bytes | None],
    seal: RelationshipSeal | None,
    key: bytes,
) -> Verification:
    """Compares the stored rows with the seal; names the first version that breaks it."""

    def verdict(problem: Breach | None, version: int | None, detail: str) -> Verification:
        sealed = seal.sealed_version if seal else 0
        at = seal.sealed_at if seal else None
        return Verification(
            relationship_id, problem is None, len(stored), sealed, at, version, problem, detail
        )

    for expected, row in enumerate(stored, start=1):
        if row.originator_version != expected:
            return verdict(Breach.MISSING, expected, f"Version {expected} is not in the store.")
    if seal is None:
        return verdict(None, None, "No seal yet: nothing to check the events against.")
    if not hmac.compare_digest(seal.signature, sign(key, relationship_id, seal.head)) or (
        chain(GENESIS, seal.digests) != seal.head
    ):
        return verdict(
            Breach.SEAL_INVALID, None, "The seal's signature does not match its contents."
        )
    actual = [
        digest(row, text) if text is not None else None
        for row, text in zip(stored, plaintexts, strict=True)
    ]
    for version, sealed in enumerate(seal.digests, start=1):
        if version > len(actual):
            return verdict(
                Breach.MISSING, version, f"Sealed version {version} is not in the store."
            )
        if actual[version - 1] != sealed:
            moved = sealed in actual or actual[version - 1] in seal.digests
            problem = Breach.REORDERED if moved else Breach.ALTERED
            return verdict(problem, version, f"Version {version} differs from what was sealed.")
    unsealed = len(stored) - seal.sealed_version
    return verdict(None, None, f"Intact up to version {seal.sealed_version}; {unsealed} since.")


def plaintext_of(mapper: Any, stored: StoredEvent) -> bytes | None:
    """The event's content as the transcoder wrote it, before any cipher or compressor."""
    try:
        state: bytes = stored.state
        if mapper.cipher:
            state = mapper.cipher.decrypt(state)
        if mapper.compressor:
            state = mapper.compressor.decompress(state)
    except Exception:
        return None  # undecryptable: altered in the store
    return state
