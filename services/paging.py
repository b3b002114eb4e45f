"""Keyset pagination over log positions, with opaque cursors."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidReference

MAX_POSITION = 2**63


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def position_after(cursor: str | None) -> int:
    """The position a cursor stands for; 0 for the first page."""
    if cursor is None:
        return 0
    try:
        position = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        position = -1
    if not 0 <= position < MAX_POSITION:
        raise InvalidReference("cursor", "Not a cursor this service gave out.")
    return position


def page_of(rows: list[dict[str, Any]], limit: int, key: str) -> Page:
    """Rows fetched with limit + 1: the extra row only tells that another page follows."""
    if len(rows) <= limit:
        return Page(rows, None)
    rows = rows[:limit]
    cursor = base64.urlsafe_b64encode(str(rows[-1][key]).encode()).decode().rstrip("=")
    return Page(rows, cursor)
