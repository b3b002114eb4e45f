"""Dates a person picks on a page, read as moments in their time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import get_timezone
from marshmallow import ValidationError


def picked_date(text: str | None, field: str) -> date | None:
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("Not a date (YYYY-MM-DD).", field) from None


def end_of(day: date) -> datetime:
    """The last second of that day where the person is, in UTC."""
    local = datetime.combine(day, time(23, 59, 59), tzinfo=get_timezone())
    return local.astimezone(UTC)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=get_timezone()).astimezone(UTC)


def day_after(day: date) -> datetime:
    return start_of(day + timedelta(days=1))


def today() -> date:
    return datetime.now(get_timezone()).date()
