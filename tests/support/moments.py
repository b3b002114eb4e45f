"""Moments as the API writes and reads them: RFC 3339, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def to_the_second(moment: datetime) -> str:
    """RFC 3339 without fractions of a second, as people write times in the features."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def days_from_now(days: float) -> str:
    return rfc3339(datetime.now(UTC).replace(microsecond=0) + timedelta(days=days))


def next_week() -> str:
    return days_from_now(7)
