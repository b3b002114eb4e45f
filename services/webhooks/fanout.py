"""From the log to the queues: each relationship event becomes a delivery to every subscription
of its programme that wants its type; subscriptions change where the log says they do."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from domain import relationship_events as events
from domain.relationship_events import stored_topics
from services.history import is_relationship_event
from services.webhooks.messages import EVENT_CLASSES, EVENT_TYPES, event_type, message_id
from services.webhooks.store import ENQUEUE, SUBSCRIBE, Outbox, Row
from services.webhooks.subscription import Subscription

REMEMBERED = 100_000  # relationships whose programme is kept in memory
REPLAY_PAGE = 1000
RELATIONSHIP_TOPICS = tuple(topic for cls in EVENT_CLASSES for topic in stored_topics(cls))
MAP = "INSERT INTO webhook_relationships (id, program_id) VALUES (:id, :program_id) "
MAP += "ON CONFLICT (id) DO NOTHING"
FORGET_DELIVERIES = "DELETE FROM webhook_deliveries WHERE subscription_id = :id"
FORGET = "DELETE FROM webhook_subscriptions WHERE id = :id"
Statements = list[tuple[str, list[Row]]]


@dataclass(frozen=True)
class Subscriber:
    id: str
    program_id: str
    types: frozenset[str]  # empty: every type

    def wants(self, type_: str) -> bool:
        return not self.types or type_ in self.types

    @classmethod
    def from_row(cls, row: Row) -> Subscriber:
        return cls(row["id"], row["program_id"], frozenset(json.loads(row["types"])))


class FanOut:
    def __init__(self, app: Any, outbox: Outbox) -> None:
        self.app, self.outbox = app, outbox
        self.subscribers: dict[str, Subscriber] = {}
        self._programmes: OrderedDict[UUID, str] = OrderedDict()
        self.reload()

    def reload(self) -> None:
        rows = self.outbox.fetch("SELECT id, program_id, types FROM webhook_subscriptions")
        self.subscribers = {row["id"]: Subscriber.from_row(row) for row in rows}

    def statements(self, page: Sequence[tuple[Notification, Any]], now: float) -> Statements:
        """What the page writes, in log order: its events' deliveries, the subscriptions it
        makes or ends, the replays it asks for, the programme of each relationship it starts."""
        out: Statements = []
        for notification, event in page:
            position = notification.id
            if isinstance(event, events.Requested):
                self._remember(event.originator_id, str(event.program_id))
                _add(
                    out, MAP, {"id": str(event.originator_id), "program_id": str(event.program_id)}
                )
            if is_relationship_event(event):
                for row in self._deliveries(event, position, now):
                    _add(out, ENQUEUE, row)
            elif isinstance(event, Subscription.Created):
                self._subscribed(out, event, position)
            elif isinstance(event, Subscription.Deleted):
                self.subscribers.pop(str(event.originator_id), None)
                for sql in (FORGET_DELIVERIES, FORGET):
                    _add(out, sql, {"id": str(event.originator_id)})
            elif isinstance(event, Subscription.ReplayRequested):
                subscriber = self.subscribers.get(str(event.originator_id))
                if subscriber is not None:
                    for row in self._replayed(subscriber, event.from_position, position, now):
                        _add(out, ENQUEUE, row)
        return out

    def _subscribed(self, out: Statements, event: Any, position: int) -> None:
        row = {
            "id": str(event.originator_id),
            "program_id": str(event.program_id),
            "url": event.url,
            "types": json.dumps(sorted(event.types)),
            "sealed_secret": event.sealed_secret,
            "created_by": event.by,
            "created_at": event.timestamp.timestamp(),
            "created_position": position,
        }
        self.subscribers[row["id"]] = Subscriber.from_row(row)
        _add(out, SUBSCRIBE, row)

    def _deliveries(self, event: Any, position: int, now: float) -> list[Row]:
        if not self.subscribers:
            return []
        programme = self.programme_of(event.originator_id)
        type_ = event_type(event)
        return [
            _delivery(subscriber, str(event.originator_id), message_id(event), type_, position, now)
            for subscriber in self.subscribers.values()
            if subscriber.program_id == programme and subscriber.wants(type_)
        ]

    def _replayed(self, subscriber: Subscriber, start: int, end: int, now: float) -> list[Row]:
        """Every event of the subscriber's programme from `start` up to (not with) `end`."""
        rows: list[Row] = []
        after = max(0, start - 1)
        while after < end - 1:
            page = self.app.recorder.select_notifications(
                start=after,
                limit=REPLAY_PAGE,
                stop=end - 1,
                topics=RELATIONSHIP_TOPICS,
                inclusive_of_start=False,
            )
            if not page:
                break
            for n in page:
                type_ = EVENT_TYPES[resolve_topic(n.topic)]
                relationship = n.originator_id
                if (
                    subscriber.wants(type_)
                    and self.programme_of(relationship) == subscriber.program_id
                ):
                    key = f"{relationship}:{n.originator_version}"
                    rows.append(_delivery(subscriber, str(relationship), key, type_, n.id, now))
            after = page[-1].id
        return rows

    def programme_of(self, relationship_id: Any) -> str:
        """The programme of a relationship: remembered, else from the table, else from its
        first event (a relationship requested before the dispatcher first ran)."""
        relationship_id = (
            relationship_id if isinstance(relationship_id, UUID) else UUID(str(relationship_id))
        )
        known = self._programmes.get(relationship_id)
        if known is not None:
            self._programmes.move_to_end(relationship_id)
            return known
        rows = self.outbox.fetch(
            "SELECT program_id FROM webhook_relationships WHERE id = :id",
            {"id": str(relationship_id)},
        )
        if rows:
            programme = str(rows[0]["program_id"])
        else:
            first = next(iter(self.app.events.get(relationship_id, lte=1)))
            programme = str(first.program_id)
        self._remember(relationship_id, programme)
        return programme

    def _remember(self, relationship_id: UUID, programme: str) -> None:
        self._programmes[relationship_id] = programme
        if len(self._programmes) > REMEMBERED:
            self._programmes.popitem(last=False)


def _delivery(
    subscriber: Subscriber, key: str, message: str, type_: str, position: int, now: float
) -> Row:
    return {
        "subscription_id": subscriber.id,
        "ordering_key": key,
        "message_id": message,
        "type": type_,
        "position": position,
        "reminder_id": None,
        "now": now,
    }


def _add(out: Statements, sql: str, row: Row) -> None:
    """Appends in order; rows of the same statement one after another run as one executemany."""
    if out and out[-1][0] == sql:
        out[-1][1].append(row)
    else:
        out.append((sql, [row]))
