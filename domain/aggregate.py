"""The base of Tandem's aggregates: every event they trigger is stamped by the domain's clock,
and never before the aggregate's previous event (reads as of a date bisect on these times).

Only the timestamp's source changes: each event class keeps its own module and name, so the
topics stored with the events are the ones eventsourcing's own base gave them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import eventsourcing.domain as es

from domain import clock


class Aggregate(es.Aggregate):
    class Event(es.Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, es.Aggregate.Created):
        pass

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        if kwargs.get("timestamp") is None:
            # a clock set back, or another machine's clock behind this one's, cannot reorder
            kwargs["timestamp"] = max(clock.now(), self.modified_on)
        super().trigger_event(event_class, **kwargs)
