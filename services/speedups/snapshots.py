"""Snapshots: an aggregate's state every so many events, so a load replays at most that many.

The default transcoder cannot store a relationship's state as it is in memory: its StrEnums
would come back as plain strings (json writes a str subclass as a str, never asking a
transcoding) and its dicts keyed by UUID cannot be JSON objects. So a snapshot holds the state
as plain values (enums as their values, ids and times as strings, dataclasses as objects, dicts
as [key, value] pairs) and rebuilds the types from the aggregate's annotations when it is
loaded; a type no codec knows fails the snapshot (logged), never the command.

Schema evolution: a snapshot stores the state's shape of its day. Events are the record and
are upcast as ever; if the state's shape changes (an attribute added, renamed or retyped), give
the aggregate a `class_version` and `upcast_vN_vN+1(state)` methods, which receive the stored
plain values before the types are rebuilt, as event upcasters do. (Deleting the snapshot rows
is also safe: loads then replay from the events.)
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID, SafeUUID

from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.utils import register_topic

# Every 100 events: a load replays at most 99 events after decoding one snapshot, and the
# snapshot rows of a 1,000-event relationship stay a few times the size of its events.
SNAPSHOT_INTERVAL = 100


class StateSnapshot(Snapshot):
    """A snapshot whose state is plain JSON values, typed again from the annotations."""

    @classmethod
    def take(cls, aggregate: Any) -> StateSnapshot:
        taken = Snapshot.take(aggregate)
        hints = _hints(aggregate.__class__)
        return cls(
            originator_id=taken.originator_id,
            originator_version=taken.originator_version,
            timestamp=taken.timestamp,
            topic=taken.topic,
            state={
                name: codec(hints[name]).plain(value) if name in hints else value
                for name, value in taken.state.items()
            },
        )

    def mutate(self, _: None) -> Aggregate:
        aggregate: Aggregate = super().mutate(None)  # type: ignore[assignment]
        hints = _hints(type(aggregate))
        state = vars(aggregate)
        for name, value in state.items():
            if name in hints:
                state[name] = codec(hints[name]).typed(value)
        return aggregate


@dataclasses.dataclass(frozen=True)
class Codec:
    """How values of one annotated type become plain JSON values and back."""

    plain: Callable[[Any], Any]
    typed: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


@functools.cache
def codec(kind: Any) -> Codec:
    """The codec of an annotation, composed once per type: loads call it for every value."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        (inner,) = (codec(arg) for arg in get_args(kind) if arg is not type(None))
        return Codec(
            lambda v: None if v is None else inner.plain(v),
            lambda v: None if v is None else inner.typed(v),
        )
    if origin is dict:
        key, item = (codec(arg) for arg in get_args(kind))
        return Codec(
            lambda v: [[key.plain(k), item.plain(i)] for k, i in v.items()],
            lambda v: {key.typed(k): item.typed(i) for k, i in v},
        )
    if origin is list:
        (each,) = (codec(arg) for arg in get_args(kind))
        return Codec(lambda v: [each.plain(i) for i in v], lambda v: [each.typed(i) for i in v])
    if kind is UUID:
        return Codec(lambda v: v.hex, _uuid)
    if kind is datetime:
        return Codec(datetime.isoformat, datetime.fromisoformat)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return Codec(lambda v: v.value, kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_codec(kind)
    if kind in (str, int, float, bool):
        return Codec(_same, _same)
    raise TypeError(f"No snapshot codec for {kind!r}: add one to services.speedups.snapshots.")


def _dataclass_codec(kind: type) -> Codec:
    """A value object as a JSON object of its fields, by name (robust to new fields)."""
    hints = _hints(kind)
    fields = {f.name: codec(hints[f.name]) for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
    return Codec(
        lambda v: {name: c.plain(getattr(v, name)) for name, c in fields.items()},
        lambda v: kind(**{name: fields[name].typed(value) for name, value in v.items()}),
    )


def _uuid(text: str) -> UUID:
    """UUID(text) without its argument parsing, ten times faster (as Python 3.12's
    UUID._from_int does); text that is not hex still fails, with ValueError."""
    uuid = object.__new__(UUID)
    object.__setattr__(uuid, "int", int(text, 16))
    object.__setattr__(uuid, "is_safe", SafeUUID.unknown)
    return uuid


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


# Where earlier releases kept it: the topic stored snapshots carry.
register_topic("services.snapshots:StateSnapshot", StateSnapshot)
