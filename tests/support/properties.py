"""How the property tests over random histories are run."""

from __future__ import annotations

from hypothesis import HealthCheck, settings


def over_histories(examples: int) -> settings:
    """`examples` random histories, however long each takes to play; the test's store is
    shared by its examples, each playing in a programme of its own."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
