"""The back-off: exponential with jitter, at least a day of retries, then failed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.webhooks.retry import LONGEST, RETRY_FOR, next_attempt, retry_delay

QUEUED = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("attempts", "ceiling"), [(1, 10), (2, 20), (3, 40), (8, 1280), (9, 2560)])
def test_the_wait_doubles_with_each_failure_and_is_drawn_between_half_and_all_of_it(
    attempts: int, ceiling: int
) -> None:
    shortest = retry_delay(attempts, lambda: 0.0)
    longest = retry_delay(attempts, lambda: 1.0)

    assert (shortest, longest) == (timedelta(seconds=ceiling / 2), timedelta(seconds=ceiling))


@pytest.mark.parametrize("attempts", [10, 12, 40, 10_000])
def test_the_wait_never_exceeds_an_hour(attempts: int) -> None:
    assert retry_delay(attempts, lambda: 1.0) == LONGEST


def test_a_delivery_is_retried_for_at_least_a_day_then_failed() -> None:
    now, attempts = QUEUED, 0
    while (then := next_attempt(QUEUED, attempts + 1, now, lambda: 1.0)) is not None:
        attempts += 1
        now = then

    assert now - QUEUED >= RETRY_FOR == timedelta(hours=24)
    assert now - QUEUED < RETRY_FOR + LONGEST
    assert 30 <= attempts <= 40


def test_retries_of_the_same_failure_spread_out() -> None:
    draws = iter([0.0, 0.5, 1.0])

    waits = {retry_delay(5, lambda: next(draws)) for _ in range(3)}

    assert len(waits) == 3
