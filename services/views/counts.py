"""Each programme's counts at any moment, in time buckets: a read costs the same whatever the
programme's size and however far back.

The counts change in steps (services/views/contributions.py). Each step is added to one bucket
of each level: the moment itself (level 0), then buckets of 2**30 microseconds (about 18 min),
2**36 (19 h) and 2**42 (51 days). The counts at a moment t are the sums of the steps at or
before t: of the top level's buckets before t's, of each lower level's buckets before t's
within t's bucket of the level above (at most 63), and of the steps within t's smallest bucket
up to t itself: some 150 small rows, read by primary key ranges. The log position by then is the
largest any version began with, kept the same way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from services.views.contributions import COUNTERS, Steps

SHIFTS = (0, 30, 36, 42)
TOP = len(SHIFTS) - 1

TABLE = f"""CREATE TABLE IF NOT EXISTS view_program_counts (
        program_id TEXT NOT NULL,
        level INTEGER NOT NULL,
        bucket BIGINT NOT NULL,
        {", ".join(f"{name} BIGINT NOT NULL DEFAULT 0" for name in COUNTERS)},
        position BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (program_id, level, bucket)
    )"""

_NAMES = ", ".join(COUNTERS)
_VALUES = ", ".join(f":{name}" for name in COUNTERS)
_ADDED = ", ".join(f"{name} = view_program_counts.{name} + excluded.{name}" for name in COUNTERS)
UPSERT = f"""INSERT INTO view_program_counts (program_id, level, bucket, {_NAMES}, position)
VALUES (:program_id, :level, :bucket, {_VALUES}, :position)
ON CONFLICT (program_id, level, bucket) DO UPDATE SET {_ADDED},
position = CASE WHEN excluded.position > view_program_counts.position
    THEN excluded.position ELSE view_program_counts.position END"""
# Steps that cancel out leave no row, so the counts do not depend on how events were batched.
EMPTY = " AND ".join(f"{name} = 0" for name in (*COUNTERS, "position"))
FORGET_EMPTY = f"""DELETE FROM view_program_counts
WHERE program_id = :program_id AND level = :level AND bucket = :bucket AND {EMPTY}"""


def rows(steps: Steps) -> list[dict[str, Any]]:
    """The changes to each bucket of each level, in the order of the primary key (so that
    writers sharing a rebuild lock rows in one order)."""
    level: dict[tuple[str, int], dict[str, int]] = {
        where: {name: change for name, change in changes.items() if change}
        for where, changes in steps.changes.items()
    }
    for where, position in steps.positions.items():
        level.setdefault(where, {})["position"] = position
    found: list[dict[str, Any]] = []
    for number, shift in enumerate(SHIFTS):
        coarser: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
        for (program_id, bucket), changes in level.items():
            if any(changes.values()):
                found.append(
                    {"program_id": program_id, "level": number, "bucket": bucket, **_full(changes)}
                )
            if number + 1 < len(SHIFTS):
                _merge(coarser[program_id, bucket >> (SHIFTS[number + 1] - shift)], changes)
        level = coarser
    return sorted(found, key=lambda row: (row["program_id"], row["level"], row["bucket"]))


def _merge(into: dict[str, int], changes: dict[str, int]) -> None:
    for name, change in changes.items():
        if name == "position":
            into[name] = max(into.get(name, 0), change)
        else:
            into[name] = into.get(name, 0) + change


def _full(changes: dict[str, int]) -> dict[str, int]:
    return {name: changes.get(name, 0) for name in (*COUNTERS, "position")}


def _range(level: int, condition: str) -> str:
    return (
        f"SELECT * FROM view_program_counts "
        f"WHERE program_id = :program_id AND level = {level} AND {condition}"
    )


_PARTS = [
    _range(TOP, f"bucket < :before{TOP}"),
    *(
        _range(level, f"bucket >= :from{level} AND bucket < :before{level}")
        for level in range(1, TOP)
    ),
    _range(0, "bucket >= :from0 AND bucket <= :key"),
]
_SUMS = ", ".join(f"SUM({name}) AS {name}" for name in COUNTERS)
AT = f"SELECT {_SUMS}, MAX(position) AS position FROM ({' UNION ALL '.join(_PARTS)}) c"


def at(key: int) -> dict[str, int]:
    """The parameters of AT for the moment `key`: the bucket ranges of each level."""
    found = {"key": key, f"before{TOP}": key >> SHIFTS[TOP]}
    for level in range(TOP):
        found[f"from{level}"] = (key >> SHIFTS[level + 1]) << (SHIFTS[level + 1] - SHIFTS[level])
        if level:
            found[f"before{level}"] = key >> SHIFTS[level]
    return found


def counted(row: dict[str, Any]) -> dict[str, int]:
    """The sums AT read as whole numbers (none where the programme had nothing yet)."""
    return {name: int(row[name] or 0) for name in (*COUNTERS, "position")}
