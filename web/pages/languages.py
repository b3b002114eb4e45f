"""The app in Bahasa Indonesia and English: `?lang=` (remembered in the session), else the
language a participant was registered with, else the browser's Accept-Language; dates, times
and numbers formatted for the language, times in the person's time zone when Tandem knows it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import get_timezone as zone_named
from flask import Flask, g, request, session
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_timezone,
)

LANGUAGES = ("id", "en")
DEFAULT = "en"


def init_languages(app: Flask) -> None:
    Babel(app, locale_selector=_language, timezone_selector=_time_zone)
    app.jinja_env.filters.update(when=when, day=day, number=number)
    app.jinja_env.globals.update(
        language=language,
        other_languages=other_languages,
        in_language=in_language,
        current_time_zone=lambda: str(get_timezone()),
    )


def remember_language() -> None:
    """Runs before each page: a valid `?lang=` is kept for the next pages."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen


def language() -> str:
    return str(get_locale() or DEFAULT)


def other_languages() -> list[str]:
    return [each for each in LANGUAGES if each != language()]


def in_language(code: str) -> str:
    """This very page, in another language."""
    args = request.args.to_dict()
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"


def _language() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if session.get("lang") in LANGUAGES:
        return str(session["lang"])
    if g.get("person_locale") in LANGUAGES:
        return str(g.person_locale)
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def _time_zone() -> str:
    zone = g.get("time_zone")
    try:
        return str(zone_named(zone)) if zone else "UTC"
    except LookupError:  # a zone name this machine does not know
        return "UTC"


def when(moment: Any) -> str:
    """A moment in the person's time zone, as their language writes it."""
    return "" if moment is None else str(format_datetime(_parsed(moment), "medium"))


def day(moment: Any) -> str:
    return "" if moment is None else str(format_date(_parsed(moment), "medium"))


def _parsed(moment: date | str) -> date:
    """A moment as the views give it: a date or datetime, or RFC 3339 text (`Z` for UTC)."""
    if isinstance(moment, str):
        return datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return moment


def number(value: Any) -> str:
    return str(format_decimal(value or 0))
