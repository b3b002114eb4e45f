"""The programme counts kept in time buckets of several levels read, at any moment, the sum of
every step at or before it, however the steps fall among the buckets (in SQLite here: the
statements are the ones both stores run)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.views import counts
from services.views.contributions import Steps
from services.views.temporal import key
from tests.support.replay import START

ORIGIN = key(START)
SPAN = 1 << 46  # about two years of microseconds: every level's buckets come into play
moments = st.integers(ORIGIN - SPAN, ORIGIN + SPAN)
a_step = st.tuples(moments, st.integers(-3, 3), st.integers(0, 1000))


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    connection.execute(counts.TABLE)
    yield connection
    connection.close()


def counted_at(db: sqlite3.Connection, moment: int) -> dict[str, int]:
    row = db.execute(counts.AT, {"program_id": "p", **counts.at(moment)}).fetchone()
    return counts.counted(dict(row))


@given(steps=st.lists(a_step, max_size=40), asked=st.lists(moments, max_size=10))
def test_the_counts_at_a_moment_are_the_steps_at_or_before_it(
    db: sqlite3.Connection, steps: list[tuple[int, int, int]], asked: list[int]
) -> None:
    db.execute("DELETE FROM view_program_counts")
    kept = Steps()
    for moment, change, position in steps:
        kept.changes["p", moment]["upcoming"] += change
        kept.positions["p", moment] = max(kept.positions.get(("p", moment), 0), position)
    db.executemany(counts.UPSERT, counts.rows(kept))
    edges = [moment + n for moment, _, _ in steps for n in (-1, 0, 1)]

    for moment in [*asked, *edges]:
        found = counted_at(db, moment)

        assert found["upcoming"] == sum(c for m, c, _ in steps if m <= moment), moment
        assert found["position"] == max((p for m, _, p in steps if m <= moment), default=0)
