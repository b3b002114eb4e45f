"""Envelopes: private text and contact details sealed with AES-GCM under their subject's data key,
inside an event's stored content, so the log holds nothing readable without the key.

An envelope replaces each string under a sealed field (each item of a list of strings), so an
erased value still has its place and count; `None` stays `None` (whether something was written
is not private). The subject's id and the field's name are authenticated with the text, so an
envelope moved to another subject or field does not open.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.privacy import ERASED

MARK = "tandem_envelope"  # the key that makes a stored dict an envelope: no text field holds one
VERSION = "1"
NONCE = 12


class DamagedEnvelope(ValueError):
    """An envelope that does not open with its subject's key: altered, or moved."""


@dataclass(frozen=True)
class DataKey:
    """One subject's key: a relationship's (its private text) or a person's (name, e-mail)."""

    subject: UUID
    secret: bytes = field(repr=False)

    @classmethod
    def new(cls, subject: UUID) -> DataKey:
        return cls(subject, AESGCM.generate_key(bit_length=256))

    def seal(self, name: str, text: str) -> dict[str, str]:
        nonce = os.urandom(NONCE)
        sealed = AESGCM(self.secret).encrypt(nonce, text.encode(), self._about(name))
        return {MARK: VERSION, "data": base64.b64encode(nonce + sealed).decode()}

    def open(self, name: str, envelope: dict[str, Any]) -> str:
        try:
            raw = base64.b64decode(envelope["data"], validate=True)
            plain = AESGCM(self.secret).decrypt(raw[:NONCE], raw[NONCE:], self._about(name))
        except (KeyError, TypeError, ValueError, InvalidTag) as error:
            raise DamagedEnvelope(f"An envelope of {self.subject} does not open.") from error
        return plain.decode()

    def _about(self, name: str) -> bytes:
        return f"{self.subject}:{name}".encode()


def is_envelope(value: Any) -> bool:
    return isinstance(value, dict) and MARK in value


Leaf = Callable[[str, Any], Any]  # (field name, a string or an envelope) -> what is stored or read


def transform(state: Any, fields: frozenset[str], leaf: Leaf) -> Any:
    """A copy of `state` with `leaf` applied to every string or envelope under one of `fields`,
    at any depth (a snapshot nests them in meetings, feedback, boundaries)."""
    if isinstance(state, dict) and not is_envelope(state):
        return {
            name: _leaves(name, value, leaf) if name in fields else transform(value, fields, leaf)
            for name, value in state.items()
        }
    if isinstance(state, list):
        return [transform(item, fields, leaf) for item in state]
    return state


def _leaves(name: str, value: Any, leaf: Leaf) -> Any:
    if isinstance(value, str) or is_envelope(value):
        return leaf(name, value)
    if isinstance(value, list):
        return [_leaves(name, item, leaf) for item in value]
    return value


def sealing(key: DataKey | None) -> Leaf:
    """What is stored: an envelope under the key; with none (the subject erased), the mark."""

    def leaf(name: str, value: Any) -> Any:
        if key is None:
            return ERASED
        return value if is_envelope(value) else key.seal(name, value)

    return leaf


def opening(key: DataKey | None, erased: bool) -> Leaf:
    """What is read: the text; the mark once the subject is erased or its key is gone; text
    stored before envelopes existed (a store not yet migrated) as it was, unless erased."""

    def leaf(name: str, value: Any) -> Any:
        if erased:
            return ERASED
        if not is_envelope(value):
            return value
        return ERASED if key is None else key.open(name, value)

    return leaf
