"""Time in the temporal views: exact moments, and where each past version of a row is filed.

Each view row that changes keeps its earlier versions in a history table, with the moments they
were valid, [valid_from, valid_to), in the manner of SQL:2011 system-versioned tables (the time
being when the event happened, as the domain's clock stamped it). Moments are whole microseconds
from 1970 shifted by 2**60, so that every datetime Python can hold is a positive 62-bit integer.

A past version is filed at one node of a relational interval tree (Kriegel, Poetke and Seidl,
VLDB 2000): a virtual binary tree over those integers, with root 2**61, whose nodes are the
integers themselves; a version goes to the first node on the way down that lies within it. The
versions valid at a moment t are then all filed on the path from the root to t: at a node above
t, those beginning by t; at a node below t, those ending after t. So one query of a few index
range scans reads exactly the versions valid at t, whatever the length of the history.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
OFFSET = 1 << 60  # years 1 to 9999 lie within 2**60 microseconds of 1970
LEVELS = 62
ROOT = 1 << (LEVELS - 1)
NO_NODE = -1  # pads the lists of nodes: no version is filed there


def key(moment: datetime) -> int:
    """The moment as the temporal tables keep it: exact, and ordered as moments are."""
    return (moment - EPOCH) // MICROSECOND + OFFSET


def moment(key_: int) -> datetime:
    return EPOCH + (key_ - OFFSET) * MICROSECOND


def seconds(key_: int) -> float:
    """Epoch seconds, as the views keep other times and as `datetime.timestamp` gives them."""
    return moment(key_).timestamp()


def fork(lower: str, upper: str) -> str:
    """SQL for the node where the version [lower, upper] (both inclusive) is filed: the one of
    its integers with the most trailing zero bits, `(upper >> k) << k` for the largest k that
    keeps it at or above `lower` (found by bisecting k: six comparisons, not 62)."""

    def cleared(level: int) -> str:
        return f"(({upper} >> {level}) << {level})"

    def largest(low: int, high: int) -> str:  # the answer's level lies in [low, high]
        if low == high:
            return cleared(low)
        middle = (low + high + 1) // 2
        above, below = largest(middle, high), largest(low, middle - 1)
        return f"CASE WHEN {cleared(middle)} >= {lower} THEN {above} ELSE {below} END"

    return largest(0, LEVELS - 1)


def fork_of(lower: int, upper: int) -> int:
    """`fork` in Python, for tests and for reasoning: the first node within [lower, upper]."""
    node, step = ROOT, ROOT >> 1
    while not lower <= node <= upper:
        node = node - step if upper < node else node + step
        step >>= 1
    return node


def path(at: int) -> tuple[list[int], list[int]]:
    """The nodes from the root to `at`: those at or above it (versions there hold `at` if they
    began by then) and those below it (versions there hold `at` if they end after it)."""
    above: list[int] = []
    below: list[int] = []
    node, step = ROOT, ROOT >> 1
    while at != node:
        if step == 0:
            raise ValueError(f"{at} is no moment the temporal tables can hold.")
        (above if at < node else below).append(node)
        node = node - step if at < node else node + step
        step >>= 1
    above.append(node)
    return above, below


def placeholders(prefix: str) -> str:
    """`:prefix0, :prefix1, ...`: one per level, so the statement's text never changes."""
    return ", ".join(f":{prefix}{level}" for level in range(LEVELS))


def nodes(prefix: str, found: list[int]) -> dict[str, Any]:
    padded = [*found, *[NO_NODE] * (LEVELS - len(found))]
    return {f"{prefix}{level}": node for level, node in enumerate(padded)}


def at(moment_: datetime) -> dict[str, Any]:
    """The parameters of a query as of `moment_`: the moment as seconds and as a key, and the
    nodes whose versions may hold it."""
    at_key = key(moment_)
    above, below = path(at_key)
    return {
        "now": moment_.timestamp(),
        "key": at_key,
        **nodes("above", above),
        **nodes("below", below),
    }


def during(start: datetime, end: datetime) -> dict[str, Any]:
    """The parameters of a query over [start, end]: the versions filed below `start` that end
    after it, those filed above `end` that begin by it, and every one filed in between."""
    first, last = key(start), key(end)
    _, below_first = path(first)
    above_last, _ = path(last)
    return {
        "first": first,
        "last": last,
        **nodes("before", below_first),
        **nodes("after", [node for node in above_last if node > last]),
    }
