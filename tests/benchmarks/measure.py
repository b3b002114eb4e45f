"""Timing helpers shared by the load generator and the in-process workloads."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable


def percentiles(samples: list[float]) -> tuple[float, float]:
    """The median and the 99th percentile of the samples, in their unit."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.99) - 1)]


def latencies(seconds: list[float]) -> dict[str, float]:
    """p50 and p99 in milliseconds."""
    p50, p99 = percentiles(seconds)
    return {"p50_ms": p50 * 1000, "p99_ms": p99 * 1000}


def in_threads(clients: int, work: Callable[[int], None]) -> float:
    """Runs work(client) on one thread per client, started together; answers the wall time."""
    start = threading.Barrier(clients + 1)
    failures: list[BaseException] = []

    def client(index: int) -> None:
        start.wait()
        try:
            work(index)
        except BaseException as error:  # reported after the run, not lost in a thread
            failures.append(error)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return time.perf_counter() - started
