"""What a subscriber receives: CloudEvents 1.0 in structured JSON, made by the cloudevents SDK.

An event's message is the event as the audit trail tells it (private text withheld) with its log
position; its id, `<relationship_id>:<version>`, is also its `webhook-id`, so a redelivery or a
replay carries the same one and a receiver can drop what it has already taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cloudevents.core.bindings.http import to_structured
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from domain import relationship_events as events
from services.history import event_data, jsonable, utc_text

CONTENT_TYPE = JSONFormat.CONTENT_TYPE  # application/cloudevents+json
RELATIONSHIP = "org.tandem.relationship."
REMINDER = "org.tandem.reminder."
MEETING_DUE, CHECK_IN_NEEDED = "meeting_due", "check_in_needed"
_FORMAT = JSONFormat()


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


EVENT_CLASSES: tuple[type, ...] = (
    events.Requested,
    *sorted(events.RelationshipEvent.__subclasses__(), key=lambda cls: cls.__name__),
)
EVENT_TYPES = {cls: RELATIONSHIP + snake_case(cls.__name__) for cls in EVENT_CLASSES}
REMINDER_TYPES = (REMINDER + MEETING_DUE, REMINDER + CHECK_IN_NEEDED)
TYPES = (*EVENT_TYPES.values(), *REMINDER_TYPES)


def event_type(event: Any) -> str:
    return EVENT_TYPES[type(event)]


def message_id(event: Any) -> str:
    return f"{event.originator_id}:{event.originator_version}"


def event_message(event: Any, position: int, program_id: UUID | str) -> bytes:
    entry = {
        "position": position,
        "relationship_id": str(event.originator_id),
        "version": event.originator_version,
        "type": type(event).__name__,
        "occurred_at": utc_text(event.timestamp),
        "actor_id": event.by,
        "data": jsonable(event_data(event, reveal_private=False)),
    }
    return _structured(
        message_id(event),
        event_type(event),
        program_id,
        event.originator_id,
        event.timestamp,
        entry,
    )


@dataclass(frozen=True)
class Reminder:
    """A nudge the log does not hold: derived from the views at a moment, once per due moment."""

    kind: str
    relationship_id: UUID
    program_id: UUID
    due_at: datetime
    parties: tuple[UUID, UUID]
    meeting_id: UUID | None = None
    scheduled_for: datetime | None = None

    @property
    def id(self) -> str:
        moment = self.meeting_id if self.meeting_id else int(self.due_at.timestamp())
        return f"{self.relationship_id}:{self.kind}:{moment}"

    @property
    def type(self) -> str:
        return REMINDER + self.kind

    def message(self, position: int) -> bytes:
        data: dict[str, Any] = {
            "position": position,
            "relationship_id": str(self.relationship_id),
            "program_id": str(self.program_id),
            "due_at": utc_text(self.due_at),
            "parties": [str(party) for party in self.parties],
        }
        if self.meeting_id is not None and self.scheduled_for is not None:
            data |= {
                "meeting_id": str(self.meeting_id),
                "scheduled_for": utc_text(self.scheduled_for),
            }
        return _structured(
            self.id, self.type, self.program_id, self.relationship_id, self.due_at, data
        )


def _structured(
    id_: str, type_: str, program_id: Any, relationship_id: Any, time: datetime, data: Any
) -> bytes:
    event = CloudEvent(
        attributes={
            "id": id_,
            "type": type_,
            "source": f"/programs/{program_id}",
            "subject": f"relationships/{relationship_id}",
            "time": time.astimezone(UTC),
            "specversion": "1.0",
            "datacontenttype": "application/json",
        },
        data=data,
    )
    return to_structured(event, _FORMAT).body
