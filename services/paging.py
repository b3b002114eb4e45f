"""Keyset pagination with opaque cursors: over log positions, and over a relationship's parts."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.errors import InvalidReference

MAX_POSITION = 2**63
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def position_after(cursor: str | None) -> int:
    """The position a cursor stands for; 0 for the first page."""
    if cursor is None:
        return 0
    try:
        position = int(_key_of(cursor))
    except ValueError:
        position = -1
    if not 0 <= position < MAX_POSITION:
        raise _not_ours()
    return position


def page_of(rows: list[dict[str, Any]], limit: int, key: str) -> Page[dict[str, Any]]:
    """Rows fetched with limit + 1: the extra row only tells that another page follows."""
    return _page(rows, limit, lambda row: row[key])


def page_after(
    items: Sequence[T], limit: int, cursor: str | None, key: Callable[[T], object]
) -> Page[T]:
    """A page of a list held in memory, after the item the cursor names by its key.

    The cursor names an item, not a place: items added before it since do not repeat.
    """
    start = 0
    if cursor is not None:
        keys = [str(key(item)) for item in items]
        after = _key_of(cursor)
        if after not in keys:
            raise _not_ours()
        start = keys.index(after) + 1
    return _page(list(items[start : start + limit + 1]), limit, key)


def _page(rows: list[T], limit: int, key: Callable[[T], object]) -> Page[T]:
    if len(rows) <= limit:
        return Page(rows, None)
    rows = rows[:limit]
    cursor = base64.urlsafe_b64encode(str(key(rows[-1])).encode()).decode().rstrip("=")
    return Page(rows, cursor)


def _key_of(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
    except (binascii.Error, ValueError):  # Unicode errors are ValueErrors
        raise _not_ours() from None


def _not_ours() -> InvalidReference:
    return InvalidReference("cursor", "Not a cursor this service gave out.")
