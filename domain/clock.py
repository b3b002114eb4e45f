"""The domain's clock: when things happen. Real time, unless a caller sets it.

Every event of Tandem's aggregates is stamped by `now()`. Seeding a believable past (the demo)
and tests that move time set it, with `at(moment)` or a source of moments of their own; the
setting belongs to the current thread or task (a ContextVar), so other requests keep real time.
An aggregate's events must not go back in time as its versions go up (reads as of a date bisect
on them): move the clock forward only between events of one aggregate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from eventsourcing.domain import TZINFO, datetime_now_with_tzinfo

_source: ContextVar[Callable[[], datetime] | None] = ContextVar("tandem_clock", default=None)


def now() -> datetime:
    """The time the clock is set to, if it is, else the current time; always timezone-aware."""
    source = _source.get()
    return datetime_now_with_tzinfo() if source is None else source()


@contextmanager
def at(moment: datetime) -> Iterator[datetime]:
    """Within the block, the clock reads `moment` (which must be timezone-aware)."""
    if moment.utcoffset() is None:
        raise ValueError("The clock needs a timezone-aware moment.")
    fixed = moment.astimezone(TZINFO)
    with reading(lambda: fixed):
        yield fixed


@contextmanager
def reading(source: Callable[[], datetime]) -> Iterator[None]:
    """Within the block, the clock reads each moment from `source` (timezone-aware moments)."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)
