"""The base of Tandem's aggregates: every event they trigger is stamped by the domain's clock.

Only the timestamp's source changes: each event class keeps its own module and name, so the
topics stored with the events are the ones eventsourcing's own base gave them.
"""

from __future__ import annotations

from datetime import datetime

import eventsourcing.domain as es

from domain import clock


class Aggregate(es.Aggregate):
    class Event(es.Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, es.Aggregate.Created):
        pass
