"""The domain's clock: when things happen. Real time, unless a caller sets it to a moment.

Every event of Tandem's aggregates is stamped by `now()`. Seeding a believable past (the demo)
and tests that move time set it with `at(moment)`; the setting belongs to the current thread or
task (a ContextVar), so a server's other requests keep real time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from eventsourcing.domain import TZINFO, datetime_now_with_tzinfo

_moment: ContextVar[datetime | None] = ContextVar("tandem_clock", default=None)


def now() -> datetime:
    """The moment set by `at`, if any, else the current time; always timezone-aware."""
    moment = _moment.get()
    return datetime_now_with_tzinfo() if moment is None else moment


@contextmanager
def at(moment: datetime) -> Iterator[datetime]:
    """Within the block, the domain's clock reads `moment` (which must be timezone-aware).

    An aggregate's events must not go back in time as its versions go up (reads as of a date
    bisect on them): move the clock forward only between events of one aggregate.
    """
    if moment.utcoffset() is None:
        raise ValueError("The clock needs a timezone-aware moment.")
    token = _moment.set(moment.astimezone(TZINFO))
    try:
        yield moment
    finally:
        _moment.reset(token)
