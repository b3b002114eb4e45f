"""Where the temporal views file a past version, and where a read of a moment looks for it: every
version that held the moment is found, and none that did not (services/views/temporal.py)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.views import temporal

SQL_FORK = "SELECT " + temporal.fork(":lower", ":upper") + " AS node"
# From a moment near 1970 to one near the end of 9999, and lengths from a microsecond to ages.
starts = st.integers(
    temporal.key(datetime(1970, 1, 2, tzinfo=UTC)), temporal.key(datetime(9990, 1, 1, tzinfo=UTC))
)
lengths = st.one_of(st.integers(0, 10), st.integers(0, 10**9), st.integers(0, 10**15))


def filed(lower: int, upper: int) -> int:
    with sqlite3.connect(":memory:") as db:
        node: int = db.execute(SQL_FORK, {"lower": lower, "upper": upper}).fetchone()[0]
    return node


@given(lower=starts, length=lengths)
def test_a_version_is_filed_at_the_first_node_within_it_on_the_way_down(
    lower: int, length: int
) -> None:
    node = filed(lower, lower + length)

    assert node == temporal.fork_of(lower, lower + length)
    assert lower <= node <= lower + length


@given(lower=starts, length=lengths, offset=st.integers(-5, 5), inside=st.floats(0, 1))
def test_a_read_of_a_moment_finds_the_versions_that_held_it_and_no_other(
    lower: int, length: int, offset: int, inside: float
) -> None:
    upper = lower + length  # the version is valid over keys [lower, upper + 1)
    node = filed(lower, upper)
    for at in (lower + offset, upper + offset, lower + int(length * inside)):
        above, below = temporal.path(at)

        found = (node in above and lower <= at) or (node in below and upper + 1 > at)

        assert found == (lower <= at <= upper), (lower, upper, at)


def test_every_moment_python_holds_has_a_key_in_order() -> None:
    moments = [
        datetime.min.replace(tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2026, 12, 3, 12, 0, 0, 1, tzinfo=UTC),
        datetime.max.replace(tzinfo=UTC),
    ]

    keys = [temporal.key(moment) for moment in moments]

    assert keys == sorted(keys) and keys[0] > 0 and keys[-1] < 2 * temporal.ROOT
    assert [temporal.moment(key) for key in keys] == moments
    assert temporal.key(moments[2] + timedelta(microseconds=1)) == keys[2] + 1
