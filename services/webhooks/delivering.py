"""Sending what is due: the head of each queue, in a bounded pool of threads, so a slow or dead
receiver holds at most its share of the pool and only its own queues; each outcome recorded, and
the next delivery of the same queue made due in the same transaction."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from services.webhooks.messages import event_message
from services.webhooks.retry import next_attempt
from services.webhooks.sender import Answer, Sender
from services.webhooks.signing import Sealer, signature_headers
from services.webhooks.store import AGAIN, DONE, PROMOTE, Outbox, Row

log = logging.getLogger(__name__)
RECENT = 10_000  # rendered events kept for the other subscribers of the same event
Finished = tuple[Row, Answer]


class RateLimit:
    """A token bucket per subscriber: `rate` deliveries a second, in bursts of at most `rate`."""

    def __init__(self, rate: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.clock = float(rate), clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, subscriber: str) -> bool:
        tokens, then = self._buckets.get(subscriber, (self.rate, self.clock()))
        now = self.clock()
        tokens = min(self.rate, tokens + (now - then) * self.rate)
        if tokens < 1:
            self._buckets[subscriber] = (tokens, now)
            return False
        self._buckets[subscriber] = (tokens - 1, now)
        return True

    def spent(self) -> set[str]:
        """The subscribers without a token now."""
        now = self.clock()
        return {
            sub
            for sub, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self.rate < 1
        }


class Bodies:
    """The body of each delivery: a reminder's as kept, an event's rendered from the log (kept a
    while, for the other subscribers of the same event)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._recent: OrderedDict[tuple[int, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, row: Row) -> bytes:
        if row["reminder_body"] is not None:
            return str(row["reminder_body"]).encode()
        key = (int(row["position"]), str(row["program_id"]))
        with self._lock:
            body = self._recent.get(key)
        if body is None:
            body = event_message(self._event_at(key[0]), key[0], key[1])
            with self._lock:
                self._recent[key] = body
                if len(self._recent) > RECENT:
                    self._recent.popitem(last=False)
        return body

    def _event_at(self, position: int) -> Any:
        found = self.app.recorder.select_notifications(
            start=position, limit=1, inclusive_of_start=True
        )
        if not found or found[0].id != position:
            raise LookupError(f"No event at position {position}.")
        return self.app.mapper.to_domain_event(found[0])


class Deliveries:
    def __init__(
        self,
        app: Any,
        outbox: Outbox,
        sealer: Sealer,
        sender: Sender,
        concurrency: int,
        rate: int,
    ) -> None:
        self.outbox, self.sealer, self.sender = outbox, sealer, sender
        self.bodies = Bodies(app)
        self.concurrency = concurrency
        self.per_subscriber = max(1, concurrency // 2)  # a dead receiver leaves others half
        self.rate = RateLimit(rate)
        self.pool = ThreadPoolExecutor(concurrency, thread_name_prefix="webhook")
        self.on_finished: Callable[[], None] = lambda: None
        self._in_flight: dict[int, Row] = {}
        self._busy: Counter[str] = Counter()
        self._finished: queue.SimpleQueue[Finished] = queue.SimpleQueue()
        self._secrets: dict[str, str] = {}

    def start_due(self, now: datetime) -> int:
        """Starts sending what is due, as far as the pool and each subscriber's share allow."""
        room = self.concurrency - len(self._in_flight)
        if room <= 0:
            return 0
        full = {sub for sub, busy in self._busy.items() if busy >= self.per_subscriber}
        heads = self.outbox.due(
            now.timestamp(), room * 2, set(self._in_flight), full | self.rate.spent()
        )
        started = 0
        for row in heads:
            subscriber = row["subscription_id"]
            if started >= room or self._busy[subscriber] >= self.per_subscriber:
                continue
            if not self.rate.take(subscriber):
                continue
            self._in_flight[row["seq"]] = row
            self._busy[subscriber] += 1
            self.pool.submit(self._send, row)
            started += 1
        return started

    def record_finished(self, now: datetime) -> int:
        """Writes the outcome of every attempt finished so far, in one transaction."""
        finished: list[Finished] = []
        while not self._finished.empty():
            finished.append(self._finished.get())
        if not finished:
            return 0
        done, again, promote = [], [], []
        for row, answer in finished:
            at = now.timestamp()
            outcome = {"seq": row["seq"], "at": at, "code": answer.code, "error": answer.error}
            if answer.ok:
                done.append({**outcome, "status": "delivered"})
            elif (retry := next_attempt(_time(row["queued_at"]), row["attempts"] + 1, now)) is None:
                log.warning(
                    "Delivery %s to %s failed for good: %s",
                    row["message_id"],
                    row["url"],
                    answer.error,
                )
                done.append({**outcome, "status": "failed"})
            else:
                again.append({**outcome, "next": retry.timestamp()})
                continue
            promote.append({"at": at, **{k: row[k] for k in ("subscription_id", "ordering_key")}})
        try:
            self.outbox.write([(DONE, done), (AGAIN, again), (PROMOTE, promote)])
        finally:
            for row, _ in finished:
                self._in_flight.pop(row["seq"], None)
                self._busy[row["subscription_id"]] -= 1
        return len(finished)

    def deliver_due(self, now: datetime) -> int:
        """Sends everything due by `now`, queue after queue, and waits for it (tests, tools)."""
        attempted = 0
        while self.start_due(now) or self._in_flight:
            while self._finished.empty() and self._in_flight:
                time.sleep(0.001)
            attempted += self.record_finished(now)
        return attempted

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.sender.close()

    def _send(self, row: Row) -> None:
        try:
            body = self.bodies.of(row)
            headers = signature_headers(
                self._secret(row), row["message_id"], body, datetime.now(UTC)
            )
            answer = self.sender.post(row["url"], body, headers)
        except Exception as error:  # a body that cannot be made: retried like a failed send
            log.exception("Could not prepare delivery %s", row["message_id"])
            answer = Answer(False, None, f"not sent: {type(error).__name__}")
        self._finished.put((row, answer))
        self.on_finished()

    def _secret(self, row: Row) -> str:
        sealed = row["sealed_secret"]
        if sealed not in self._secrets:
            self._secrets[sealed] = self.sealer.unseal(sealed)
        return self._secrets[sealed]


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
