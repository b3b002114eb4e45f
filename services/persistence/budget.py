"""How long Tandem waits on its store: every wait is bounded, so a store that is away, frozen or
full gives a 503 in seconds rather than a hang (API.md: answered within 10 s)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, TypeVar

from eventsourcing.persistence import InterfaceError, OperationalError

from services.errors import StoreUnavailable

F = TypeVar("F", bound=Callable[..., Any])

REQUEST_SECONDS = 7.0  # a request's whole budget on the store, retries included
USE_SECONDS = 5.0  # one use of a connection, unless the caller's deadline is nearer
RETRY_PAUSE = 0.1
# What a store that is away, restarting or frozen makes the recorders raise.
TRANSIENT = (OperationalError, InterfaceError)
FULL = ("disk is full", "could not extend file", "no space left", "diskfull")

_deadline: ContextVar[float | None] = ContextVar("store_deadline", default=None)
_use_seconds: ContextVar[float | None] = ContextVar("store_use_seconds", default=USE_SECONDS)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Everything this thread asks of the store in the block is done within `seconds`."""
    moment = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(moment if current is None else min(current, moment))
    try:
        yield
    finally:
        _deadline.reset(token)


def start_deadline(seconds: float) -> Token[float | None]:
    """For a request: its answer is due in `seconds`, store failures included."""
    return _deadline.set(time.monotonic() + seconds)


def end_deadline(token: Token[float | None]) -> None:
    _deadline.reset(token)


@contextmanager
def unbounded_use() -> Iterator[None]:
    """For a connection held on purpose (LISTEN): never cut off for taking its time."""
    token = _use_seconds.set(None)
    try:
        yield
    finally:
        _use_seconds.reset(token)


def time_left() -> float | None:
    moment = _deadline.get()
    return None if moment is None else moment - time.monotonic()


def use_seconds() -> float | None:
    """How long the next use of a connection may take before it is cut off."""
    allowed, left = _use_seconds.get(), time_left()
    if allowed is None:
        return None
    return allowed if left is None else max(0.0, min(allowed, left))


def is_full(error: BaseException) -> bool:
    text = f"{type(error.__cause__).__name__} {error}".lower()
    return any(sign in text for sign in FULL)


def unavailable(error: BaseException) -> StoreUnavailable:
    if is_full(error):
        return StoreUnavailable("The store is full: nothing can be recorded until it has space.")
    return StoreUnavailable("The store does not answer; try again shortly.")


def bounded(read: F) -> F:
    """Retries a read while the store is away, until the caller's deadline (or the request
    budget); then a StoreUnavailable. Reads change nothing, so trying again is always safe."""

    @functools.wraps(read)
    def retrying(*args: Any, **kwargs: Any) -> Any:
        with deadline(REQUEST_SECONDS):
            while True:
                try:
                    return read(*args, **kwargs)
                except TRANSIENT as error:
                    if is_full(error) or (time_left() or 0.0) <= RETRY_PAUSE:
                        raise unavailable(error) from error
                    time.sleep(RETRY_PAUSE)

    return retrying  # type: ignore[return-value]
