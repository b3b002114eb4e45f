"""Where envelopes are made and opened: between an event's fields and its stored content.

The domain never sees an envelope: a written event's sealed fields become envelopes before it is
transcoded (before the store-wide cipher, if any), and a read one's are opened right after it is
decoded (before upcasting), or read "[erased]" once their subject's key is gone. Seals digest the
stored content, envelopes and all, so destroying a key changes no stored byte.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import (
    EventStore,
    Mapper,
    MapperDeserialisationError,
    Notification,
    Recording,
    StoredEvent,
)
from eventsourcing.utils import get_topic, resolve_topic

from domain import Participant
from domain.privacy import PERSONAL_FIELDS, PRIVATE_FIELDS
from domain.relationship_events import RelationshipEvent, Requested
from domain.relationship_state import RelationshipState
from services.privacy.envelopes import DamagedEnvelope, Leaf, opening, sealing, transform
from services.privacy.keys import Keyring, Lookup

NONE: frozenset[str] = frozenset()


@functools.cache
def sealed_fields(cls: type, aggregate_topic: str | None = None) -> frozenset[str]:
    """The fields of an event (or of a snapshot of an aggregate) held in envelopes."""
    if issubclass(cls, Snapshot) and aggregate_topic is not None:
        aggregate = resolve_topic(aggregate_topic)
        if issubclass(aggregate, RelationshipState):
            return PRIVATE_FIELDS
        return PERSONAL_FIELDS if issubclass(aggregate, Participant) else NONE
    if issubclass(cls, RelationshipEvent | Requested):
        return PRIVATE_FIELDS
    return PERSONAL_FIELDS if issubclass(cls, Participant.Registered) else NONE


def fields_of(cls: type, state: dict[str, Any]) -> frozenset[str]:
    topic = state.get("topic") if issubclass(cls, Snapshot) else None
    return sealed_fields(cls, topic if isinstance(topic, str) else None)


def once(make: Callable[[], Leaf]) -> Leaf:
    """A leaf made when first needed: an event with no text written asks for no key."""
    made: list[Leaf] = []

    def leaf(name: str, value: Any) -> Any:
        if not made:
            made.append(make())
        return made[0](name, value)

    return leaf


def _opening(found: Lookup) -> Leaf:
    return opening(found.key, found.erased)


class EnvelopeMapper(Mapper[UUID]):
    """eventsourcing's mapper, with sealed fields enveloped under their subject's key."""

    def __init__(self, base: Mapper[UUID], keyring: Keyring) -> None:
        super().__init__(base.transcoder, base.compressor, base.cipher)
        self.keyring = keyring

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        cls = type(domain_event)
        state = dict(vars(domain_event))
        subject = state.pop("originator_id")
        version = state.pop("originator_version")
        if getattr(cls, "class_version", 1) > 1:
            state["class_version"] = cls.class_version
        if fields := fields_of(cls, state):
            key = once(lambda: sealing(self.keyring.writing(subject).key))
            state = transform(state, fields, key)
        return StoredEvent(subject, version, get_topic(cls), self.encoded(state))

    def encoded(self, state: dict[str, Any]) -> bytes:
        """An event's fields as stored: transcoded, then compressed and enciphered if set."""
        stored = self.transcoder.encode(state)
        if self.compressor:
            stored = self.compressor.compress(stored)
        return self.cipher.encrypt(stored) if self.cipher else stored

    def decoded(self, stored: StoredEvent) -> dict[str, Any]:
        """A stored event's fields as written, envelopes unopened and not upcast."""
        state = stored.state
        try:
            if self.cipher:
                state = self.cipher.decrypt(state)
            if self.compressor:
                state = self.compressor.decompress(state)
            decoded: dict[str, Any] = self.transcoder.decode(state)
        except Exception as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise the stored event {stored.originator_id}"
                f" v{stored.originator_version} ({stored.topic}): {error}"
            ) from error
        return decoded

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        state = self.decoded(stored_event)
        subject = UUID(str(stored_event.originator_id))
        if fields := fields_of(cls, state):
            key = once(lambda: _opening(self.keyring.reading(subject)))
            try:
                state = transform(state, fields, key)
            except DamagedEnvelope as error:
                raise MapperDeserialisationError(str(error)) from error
        state["originator_id"] = subject
        state["originator_version"] = stored_event.originator_version
        from_version = state.pop("class_version", 1)
        while from_version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event


class KeyedEventStore(EventStore[UUID]):
    """Writes new keys with the events sealed under them, and reads each aggregate's events
    with its key looked up once."""

    mapper: EnvelopeMapper

    def put(self, domain_events: Sequence[Any], **kwargs: Any) -> list[Recording[UUID]]:
        with self.mapper.keyring.collecting() as fresh:
            stored = [self.mapper.to_stored_event(event) for event in domain_events]
            if fresh:
                made = self.mapper.keyring.wrapped(fresh.values())
                kwargs["new_keys"] = [*kwargs.get("new_keys", ()), *made]
            return self._record(domain_events, stored, **kwargs)

    def _record(
        self, domain_events: Sequence[Any], stored: list[StoredEvent], **kwargs: Any
    ) -> list[Recording[UUID]]:
        ids = self.recorder.insert_events(stored, **kwargs)
        if not ids:
            return []
        return [
            Recording(d, Notification(s.originator_id, s.originator_version, s.topic, s.state, n))
            for d, s, n in zip(domain_events, stored, ids, strict=True)
        ]

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[Any]:
        rows = self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        with self.mapper.keyring.session():
            return iter([self.mapper.to_domain_event(row) for row in rows])
