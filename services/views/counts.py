"""Each programme's counts at any moment, in time buckets: a read costs the same whatever the
programme's size and however far back.

The counts change in steps (services/views/contributions.py). Each step is added to one bucket
of each level: the moment itself (level 0), then buckets of 2**22 microseconds (about 4 s),
2**27 (2 min), 2**32 (72 min), 2**37 (38 h) and 2**42 (51 days). The counts at a moment t are
the sums of the steps at or before t: of the top level's buckets before t's, of each lower
level's buckets before t's within t's bucket of the level above (at most 31), and of the steps
within t's smallest bucket up to t itself: some 150 small rows, read by primary key ranges. The
log position by then is the largest any version began with, kept the same way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from services.views.contributions import COUNTERS, Steps

SHIFTS = (0, 22, 27, 32, 37, 42)
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
    buckets: dict[tuple[str, int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (program_id, moment), changes in steps.changes.items():
        for level, shift in enumerate(SHIFTS):
            bucket = buckets[program_id, level, moment >> shift]
            for name, change in changes.items():
                bucket[name] += change
    for (program_id, moment), position in steps.positions.items():
        for level, shift in enumerate(SHIFTS):
            bucket = buckets[program_id, level, moment >> shift]
            bucket["position"] = max(bucket.get("position", 0), position)
    return [
        {"program_id": program_id, "level": level, "bucket": bucket, **_full(changes)}
        for (program_id, level, bucket), changes in sorted(buckets.items())
        if any(changes.values())
    ]


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
