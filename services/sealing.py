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
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent

SEALS = uuid5(NAMESPACE_URL, "tandem:relationship-seal")
GENESIS = hashlib.sha256(b"tandem").hexdigest()


class RelationshipSeal(Aggregate):
    class Opened(Aggregate.Created):
        relationship_id: UUID
        parties: list[UUID]

        # Version 2 added the parties, so they can verify even if the first event is gone.
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["parties"] = []

    @event(Opened)
    def __init__(self, relationship_id: UUID, parties: list[UUID]) -> None:
        self.relationship_id = relationship_id
        self.parties = parties
        self.digests: list[str] = []
        self.head = GENESIS
        self.signature = ""
        self.sealed_at: datetime | None = None

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
