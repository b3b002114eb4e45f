"""An event as auditors and parties read it: who, when, what, with private text withheld."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from domain.privacy import PRIVATE_FIELDS
from domain.relationship_events import RelationshipEvent, Requested

ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", "by"})
PRIVATE_MARK = "[private]"


@dataclass(frozen=True)
class HistoryEvent:
    version: int
    type: str
    occurred_at: datetime
    actor_id: str
    data: dict[str, Any]


def is_relationship_event(event: Any) -> bool:
    return isinstance(event, RelationshipEvent | Requested)


def history_event(event: Any, reveal_private: bool) -> HistoryEvent:
    return HistoryEvent(
        version=event.originator_version,
        type=type(event).__name__,
        occurred_at=event.timestamp,
        actor_id=event.by,
        data=event_data(event, reveal_private),
    )


def event_data(event: Any, reveal_private: bool) -> dict[str, Any]:
    """What the event says beyond who and when; private text withheld unless revealed."""
    if reveal_private:
        return {k: v for k, v in event.__dict__.items() if k not in ENVELOPE}
    return {
        k: PRIVATE_MARK if k in PRIVATE_FIELDS and v is not None else v
        for k, v in event.__dict__.items()
        if k not in ENVELOPE
    }


def jsonable(value: Any) -> Any:
    """Event values as JSON values: ids as strings, times in UTC with `Z`."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return _json_scalar(value)


def _json_scalar(value: Any) -> Any:
    """An id or an enum as text, a time in UTC with `Z`; anything else as it is."""
    if isinstance(value, UUID | Enum):
        return str(value)
    if isinstance(value, datetime):
        return utc_text(value)
    return value


def json_text(value: Any) -> str:
    """`jsonable(value)` as JSON text with sorted keys, encoded in one pass without a copy."""
    try:
        return _ENCODER.encode(value)
    except TypeError:  # a key that is not text: jsonable makes it one
        return json.dumps(jsonable(value), sort_keys=True)


def _json_value(value: Any) -> Any:
    """The encoder's fallback, for what JSON itself cannot encode."""
    converted = _json_scalar(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return converted


_ENCODER = json.JSONEncoder(sort_keys=True, default=_json_value)


def utc_text(moment: datetime) -> str:
    """RFC 3339 in UTC with `Z`, as every answer gives times."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
