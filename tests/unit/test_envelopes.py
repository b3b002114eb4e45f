"""Envelopes: text sealed under its subject's key opens with that key only, for that field only,
and reads "[erased]" once the key is gone; key-encryption keys wrap and unwrap data keys."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.privacy import ERASED, PRIVATE_FIELDS
from services.privacy.envelopes import (
    DamagedEnvelope,
    DataKey,
    is_envelope,
    opening,
    sealing,
    transform,
)
from services.privacy.keys import KeyEncryption

AGENDA = {
    "meeting_id": "m-1",
    "topics": ["My health", "My salary"],
    "progress_reflection": "I slept badly.",
    "development_areas": [],
    "summary": None,
}


def test_every_private_string_is_sealed_and_nothing_else() -> None:
    key = DataKey.new(uuid4())

    sealed = transform(AGENDA, PRIVATE_FIELDS, sealing(key))

    assert sealed["meeting_id"] == "m-1" and sealed["summary"] is None
    assert sealed["development_areas"] == []
    assert all(is_envelope(topic) for topic in sealed["topics"])
    assert is_envelope(sealed["progress_reflection"])
    assert "health" not in repr(sealed) and "slept" not in repr(sealed)


def test_sealed_text_opens_again_with_its_key() -> None:
    key = DataKey.new(uuid4())
    sealed = transform(AGENDA, PRIVATE_FIELDS, sealing(key))

    opened = transform(sealed, PRIVATE_FIELDS, opening(key, erased=False))

    assert opened == AGENDA


def test_sealed_text_reads_erased_once_its_key_is_gone_keeping_its_shape() -> None:
    sealed = transform(AGENDA, PRIVATE_FIELDS, sealing(DataKey.new(uuid4())))

    opened = transform(sealed, PRIVATE_FIELDS, opening(None, erased=True))

    assert opened["topics"] == [ERASED, ERASED]
    assert opened["progress_reflection"] == ERASED
    assert opened["summary"] is None


def test_text_stored_before_envelopes_reads_erased_once_its_subject_is_erased() -> None:
    opened = transform(AGENDA, PRIVATE_FIELDS, opening(None, erased=True))

    assert opened["topics"] == [ERASED, ERASED] and opened["meeting_id"] == "m-1"


def test_an_envelope_moved_to_another_field_does_not_open() -> None:
    key = DataKey.new(uuid4())
    envelope = key.seal("summary", "Private")

    with pytest.raises(DamagedEnvelope):
        key.open("notes", envelope)


def test_an_envelope_does_not_open_under_another_subjects_key() -> None:
    envelope = DataKey.new(uuid4()).seal("summary", "Private")

    with pytest.raises(DamagedEnvelope):
        DataKey.new(uuid4()).open("summary", envelope)


def test_a_wrapped_key_unwraps_under_a_retired_key_encryption_key_after_rotation() -> None:
    key = DataKey.new(uuid4())
    wrapped = KeyEncryption(b"old").wrap(key)

    rotated = KeyEncryption(b"new", retired=[b"old"])

    assert rotated.unwrap(wrapped) == key
    assert rotated.wrap(key).kek_id == rotated.current_id != wrapped.kek_id


def test_a_wrapped_key_does_not_unwrap_without_its_key_encryption_key() -> None:
    wrapped = KeyEncryption(b"old").wrap(DataKey.new(uuid4()))

    with pytest.raises(LookupError):
        KeyEncryption(b"new").unwrap(wrapped)
