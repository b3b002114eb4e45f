"""Moving a store written before envelopes into them (`tandem db migrate`): every stored event
(and snapshot) whose sealed fields still hold plaintext is rewritten in place with envelopes under
its subject's key (made now if it has none; "[erased]" if it was erased), its type and place
kept. A sealed relationship is re-sealed in the same transaction: the seal takes the new digests
and keeps the old ones, head and signature as evidence (services.sealing, Resealed), so its
verification says what was rewritten, when and why, and checks that each rewritten version
still holds what was sealed. Run again, it finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from domain import Participant
from domain.relationship_events import RelationshipEvent, Requested, stored_topics
from services.evidence import Evidence
from services.privacy.envelopes import DataKey, sealing, transform
from services.privacy.mapper import fields_of
from services.sealing import digest, plaintext_of
from services.tandem import Tandem

REASON = "Private text and contact details moved into envelopes (tandem db migrate)."
PAGE = 1000
SUBJECTS = (
    *stored_topics(Requested),
    *(t for cls in RelationshipEvent.__subclasses__() for t in stored_topics(cls)),
    get_topic(Participant.Registered),
)


@dataclass
class Migrated:
    """What a migration rewrote."""

    subjects: int = 0
    events: int = 0
    snapshots: int = 0
    resealed: list[UUID] = field(default_factory=list)


class Migration:
    def __init__(self, app: Tandem, evidence: Evidence) -> None:
        self.app, self.evidence = app, evidence

    def run(self) -> Migrated:
        done = Migrated()
        for subject in self._subjects():
            self._migrate(subject, done)
        if done.events or done.snapshots:
            snapshots = self.app.snapshots.recorder if self.app.snapshots else None
            table = getattr(snapshots, "events_table_name", None)
            self.app.recorder.compact(*([table] if table else []))  # type: ignore[attr-defined]
        return done

    def _subjects(self) -> Iterator[UUID]:
        """Every relationship and person whose events hold sealed fields, once each."""
        seen: set[UUID] = set()
        start = 0
        while page := self.app.recorder.select_notifications(
            start=start, limit=PAGE, topics=list(SUBJECTS), inclusive_of_start=False
        ):
            for notification in page:
                subject = UUID(str(notification.originator_id))
                if subject not in seen:
                    seen.add(subject)
                    yield subject
            start = page[-1].id

    def _migrate(self, subject: UUID, done: Migrated) -> None:
        found = self.app.keyring.reading(subject)
        key = None if found.erased else found.key or DataKey.new(subject)
        new_keys = [] if found.erased or found.key else self.app.keyring.wrapped([key])  # type: ignore[list-item]
        events = self._rewritten(self.app.recorder.select_events(subject), key)
        snapshots = self._snapshots(subject, key)
        if not events and not snapshots:
            return
        rewritten = {
            e.originator_version: digest(e, plaintext_of(self.app.mapper, e) or b"") for e in events
        }
        seal = self.evidence.reseal(subject, rewritten, REASON) if events else None
        kwargs: dict[str, Any] = {"rewrite_events": events, "new_keys": new_keys}
        if seal is not None:
            self.app.save(seal, **kwargs)
            done.resealed.append(subject)
        elif events:
            self.app.recorder.insert_events([], **kwargs)
        if snapshots:
            assert self.app.snapshots is not None
            extra = {} if events else {"new_keys": new_keys}
            self.app.snapshots.recorder.insert_events([], rewrite_events=snapshots, **extra)
        done.subjects += 1
        done.events += len(events)
        done.snapshots += len(snapshots)

    def _snapshots(self, subject: UUID, key: DataKey | None) -> list[StoredEvent]:
        if self.app.snapshots is None:
            return []
        return self._rewritten(self.app.snapshots.recorder.select_events(subject), key)

    def _rewritten(self, rows: Any, key: DataKey | None) -> list[StoredEvent]:
        """The rows whose sealed fields hold plaintext, with envelopes instead."""
        rewritten = []
        for row in rows:
            state = self.app.mapper.decoded(row)
            fields = fields_of(resolve_topic(row.topic), state)
            if not fields or not _holds_plaintext(state, fields):
                continue
            sealed = transform(state, fields, sealing(key))
            stored = self.app.mapper.encoded(sealed)
            rewritten.append(
                StoredEvent(row.originator_id, row.originator_version, row.topic, stored)
            )
        return rewritten


def _holds_plaintext(state: dict[str, Any], fields: frozenset[str]) -> bool:
    found: list[bool] = []

    def leaf(name: str, value: Any) -> Any:
        found.append(isinstance(value, str))
        return value

    transform(state, fields, leaf)
    return any(found)
