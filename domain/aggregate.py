"""The base of Tandem's aggregates: every event they trigger is stamped by the domain's clock,
and never before the aggregate's previous event (reads as of a date bisect on these times).

Only the timestamp's source changes: each event class keeps its own module and name, so the
topics stored with the events are the ones eventsourcing's own base gave them.

A command can also be rehearsed: its rules run as they would, and where it would trigger its
event it stops instead, changing nothing. That is how a page learns which actions to offer
without a second copy of any rule (services.offers).

A version of an event that added fields upcasts what was stored before it with `fields_added`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import deepcopy
from datetime import datetime
from typing import Any

import eventsourcing.domain as es

from domain import clock

_rehearsing: ContextVar[bool] = ContextVar("rehearsing", default=False)


class Rehearsed(Exception):
    """A rehearsed command passed every rule: it would have triggered an event."""


class Aggregate(es.Aggregate):
    class Event(es.Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, es.Aggregate.Created):
        pass

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        if _rehearsing.get():
            raise Rehearsed(event_class.__name__)
        if kwargs.get("timestamp") is None:
            # a clock set back, or another machine's clock behind this one's, cannot reorder
            kwargs["timestamp"] = max(clock.now(), self.modified_on)
        super().trigger_event(event_class, **kwargs)


@contextmanager
def _rehearsal() -> Iterator[None]:
    token = _rehearsing.set(True)
    try:
        yield
    finally:
        _rehearsing.reset(token)


def rehearse(command: Callable[[], object]) -> Exception | None:
    """Runs a command's rules without recording anything: None if it would be taken, else the
    refusal it would meet."""
    with _rehearsal():
        try:
            command()
        except Rehearsed:
            return None
        except Exception as refusal:  # every rule's refusal, whatever its kind
            return refusal
    return None  # it passed without an event to trigger: taken, as it would be


def fields_added(**defaults: Any) -> staticmethod[[dict[str, Any]], None]:
    """The upcaster to a version that added these fields: what was stored before it gets them
    with these values (each its own copy)."""

    def upcast(state: dict[str, Any]) -> None:
        state.update(deepcopy(defaults))

    return staticmethod(upcast)
