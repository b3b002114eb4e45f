"""Data keys: one per subject, kept apart from the log, wrapped by a key-encryption key (KEK).

The keys live in a table of the store (`tandem_data_keys`, services.persistence) behind the small
`KeyTable` interface, so a key service could hold them instead. A key is made when its subject's
first sealed value is written and stored in the same transaction as that event; erasing a subject
replaces its key with a tombstone, in the transaction that records the erasure.

Keys are looked up once per read or write of an aggregate (a `session`), never cached across
them: a key destroyed by another process is gone for this one at its next read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.privacy.envelopes import DataKey

NONCE = 12


@dataclass(frozen=True)
class StoredKey:
    """A row of the key table: a wrapped key, or a tombstone (`wrapped` None) once erased."""

    subject: UUID
    kek_id: str | None
    wrapped: bytes | None = field(repr=False)

    @property
    def erased(self) -> bool:
        return self.wrapped is None


class KeyTable(Protocol):
    """Where wrapped keys are kept. New keys and erasures are written with the events they go
    with (the recorders take `new_keys` and `destroy_keys` beside the events)."""

    def data_keys(self, subjects: Collection[UUID]) -> dict[UUID, StoredKey]: ...


class KeyEncryption:
    """The key-encryption key from the settings, and any retired ones still unwrapping keys
    not yet wrapped again (`tandem keys rewrap`). Each is named by a short fingerprint."""

    def __init__(self, current: bytes, retired: Iterable[bytes] = ()) -> None:
        self.current = _kek(current)
        self.keys = {_fingerprint(k): k for k in (_kek(r) for r in retired)}
        self.current_id = _fingerprint(self.current)
        self.keys[self.current_id] = self.current

    def wrap(self, key: DataKey) -> StoredKey:
        nonce = os.urandom(NONCE)
        sealed = AESGCM(self.current).encrypt(nonce, key.secret, key.subject.bytes)
        return StoredKey(key.subject, self.current_id, nonce + sealed)

    def unwrap(self, stored: StoredKey) -> DataKey:
        assert stored.wrapped is not None and stored.kek_id is not None
        kek = self.keys.get(stored.kek_id)
        if kek is None:
            raise LookupError(
                f"The key of {stored.subject} is wrapped by a key-encryption key not configured"
                f" ({stored.kek_id}): set it in TANDEM_RETIRED_KEY_ENCRYPTION_KEYS."
            )
        raw = stored.wrapped
        secret = AESGCM(kek).decrypt(raw[:NONCE], raw[NONCE:], stored.subject.bytes)
        return DataKey(stored.subject, secret)


def _kek(material: bytes) -> bytes:
    """32 bytes for AES-256, whatever the length and form of the configured key."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"tandem key-encryption key").derive(material)


def _fingerprint(kek: bytes) -> str:
    return hashlib.sha256(b"tandem kek id\n" + kek).hexdigest()[:12]


@dataclass(frozen=True)
class Lookup:
    """What the table holds for a subject: a key, a tombstone, or nothing (text not sealed yet)."""

    key: DataKey | None
    erased: bool


NOTHING = Lookup(None, False)
ERASED = Lookup(None, True)
_memo: ContextVar[dict[UUID, Lookup] | None] = ContextVar("tandem_key_memo", default=None)
_fresh: ContextVar[dict[UUID, DataKey] | None] = ContextVar("tandem_fresh_keys", default=None)


class Keyring:
    def __init__(self, table: KeyTable, encryption: KeyEncryption) -> None:
        self.table = table
        self.encryption = encryption

    @contextmanager
    def session(self) -> Iterator[None]:
        """Within the block each subject's key is looked up once (one read or write)."""
        if _memo.get() is not None:
            yield
            return
        token = _memo.set({})
        try:
            yield
        finally:
            _memo.reset(token)

    @contextmanager
    def collecting(self) -> Iterator[dict[UUID, DataKey]]:
        """Keys made in the block for subjects that had none, to store with the events."""
        fresh: dict[UUID, DataKey] = {}
        token = _fresh.set(fresh)
        try:
            with self.session():
                yield fresh
        finally:
            _fresh.reset(token)

    def reading(self, subject: UUID) -> Lookup:
        fresh = _fresh.get()
        if fresh is not None and subject in fresh:
            return Lookup(fresh[subject], False)
        memo = _memo.get()
        if memo is not None and subject in memo:
            return memo[subject]
        found = self.lookup([subject])[subject]
        if memo is not None:
            memo[subject] = found
        return found

    def writing(self, subject: UUID) -> Lookup:
        """The subject's key, made now if it has none (inside `collecting` only)."""
        found = self.reading(subject)
        if found.key is not None or found.erased:
            return found
        fresh = _fresh.get()
        if fresh is None:
            raise RuntimeError("A new data key can only be made where it is stored with events.")
        fresh[subject] = DataKey.new(subject)
        return Lookup(fresh[subject], False)

    def lookup(self, subjects: Collection[UUID]) -> dict[UUID, Lookup]:
        stored = self.table.data_keys(subjects)
        return {subject: self._from(stored.get(subject)) for subject in subjects}

    def wrapped(self, keys: Iterable[DataKey]) -> list[StoredKey]:
        return [self.encryption.wrap(key) for key in keys]

    def _from(self, stored: StoredKey | None) -> Lookup:
        if stored is None:
            return NOTHING
        if stored.erased:
            return ERASED
        return Lookup(self.encryption.unwrap(stored), False)
