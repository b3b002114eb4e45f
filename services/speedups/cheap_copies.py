"""Copying a cached aggregate cheaply: the repository hands out copies of what it caches, so a
command that fails leaves no trace. `copy.deepcopy` cost as much as replaying the events it
saves (measured: README, Benchmarks); Tandem's aggregates change only their own top-level
dicts and lists, replacing immutable values, so copying those containers is enough.
Parity: tests/speedups/test_cheap_copies.py.
"""

from __future__ import annotations

from typing import Any, TypeVar

from eventsourcing.application import Repository

A = TypeVar("A")


def cheap_copy(aggregate: A) -> A:
    """A copy that can be changed by commands without touching the original."""
    twin = object.__new__(type(aggregate))
    twin.__dict__.update({name: _own(value) for name, value in vars(aggregate).items()})
    return twin


def _own(value: Any) -> Any:
    return value.copy() if isinstance(value, dict | list | set) else value


class CopyingRepository(Repository[Any]):
    """eventsourcing's repository, copying what it serves from its cache with cheap_copy."""

    def get(self, aggregate_id: Any, *, version: int | None = None, **options: Any) -> Any:
        options["deepcopy_from_cache"] = False
        aggregate = super().get(aggregate_id, version=version, **options)
        return cheap_copy(aggregate) if self.cache and version is None else aggregate
