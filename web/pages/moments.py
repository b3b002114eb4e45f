"""Dates a person picks on a page, read as moments in their time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from marshmallow import ValidationError


def zone() -> tzinfo:
    """The person's time zone, as the standard library keeps it: pytz's (what Babel gives)
    attached to a moment would put it at the zone's first local mean time (+07:07 in Jakarta)."""
    return ZoneInfo(str(get_timezone()))


def picked_date(text: str | None, field: str) -> date | None:
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("Not a date (YYYY-MM-DD).", field) from None


def end_of(day: date) -> datetime:
    """The last second of that day where the person is, in UTC."""
    local = datetime.combine(day, time(23, 59, 59), tzinfo=zone())
    return local.astimezone(UTC)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone()).astimezone(UTC)


def day_after(day: date) -> datetime:
    return start_of(day + timedelta(days=1))


def today() -> date:
    return datetime.now(zone()).date()
