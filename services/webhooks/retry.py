"""When a failed delivery is tried again: exponential back-off with jitter, for at least a day
after it was queued, then it is marked failed (and visible as such)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

FIRST = timedelta(seconds=10)
LONGEST = timedelta(hours=1)
RETRY_FOR = timedelta(hours=24)


def retry_delay(attempts: int, draw: Callable[[], float] = random.random) -> timedelta:
    """The wait after the `attempts`-th failed attempt: doubling from 10 s up to an hour, each
    drawn between half and all of it ("equal jitter"), so receivers coming back are not stormed."""
    ceiling: timedelta = min(LONGEST, FIRST * 2 ** min(attempts - 1, 20))
    return ceiling / 2 + ceiling / 2 * draw()


def next_attempt(
    queued_at: datetime, attempts: int, now: datetime, draw: Callable[[], float] = random.random
) -> datetime | None:
    """When to try again after a failed attempt; None once the delivery has been retried for
    RETRY_FOR since it was queued (it is then failed)."""
    if now - queued_at >= RETRY_FOR:
        return None
    return now + retry_delay(attempts, draw)
