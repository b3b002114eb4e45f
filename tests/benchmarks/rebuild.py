"""Benchmark: a projection rebuild runs at >= 50% of the raw rate of reading the notification log.

Builds a real event log (about 21 events per relationship, saved through the application), then,
side by side in one run: reads the whole log in the projector's pages without decoding (raw),
reads and decodes it (decoded, for insight), and empties the views and catches them up with the
real projector (rebuild). Each is timed over the whole log, best of the passes; prints events per
second and the ratio rebuild / raw (target >= 0.5).

    .venv/bin/python -m tests.benchmarks.rebuild [--relationships 10000] [--postgres]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from services.views.projector import BATCH
from services.wiring import Services, open_services
from tests.benchmarks.views_scale import build


def measure_rebuild(services: Services, passes: int = 2) -> dict[str, float]:
    """Events per second of each way through the whole log; the passes interleave, best kept."""
    app, views, projector = services.tandem, services.views, services.projector

    def read(decode: bool) -> int:
        rows, start = 0, 0
        while notifications := app.recorder.select_notifications(
            start=start, limit=BATCH, inclusive_of_start=False
        ):
            if decode:
                for notification in notifications:
                    app.mapper.to_domain_event(notification)
            rows += len(notifications)
            start = notifications[-1].id
        return rows

    def rebuild() -> int:
        views.clear()
        return projector.catch_up()

    runs: dict[str, Callable[[], int]] = {
        "raw_rows_per_s": lambda: read(decode=False),
        "decoded_per_s": lambda: read(decode=True),
        "rebuild_per_s": rebuild,
    }
    best = dict.fromkeys(runs, 0.0)
    events = 0
    for _ in range(passes):
        for name, run in runs.items():
            started = time.perf_counter()
            events = run()
            best[name] = max(best[name], events / (time.perf_counter() - started))
    return {
        "events": float(events),
        **best,
        "ratio": best["rebuild_per_s"] / best["raw_rows_per_s"],
    }


def report(services: Services, relationships: int, store: str) -> None:
    started = time.perf_counter()
    build(services, relationships)
    built = time.perf_counter() - started
    print(f"{store}: built {relationships:,} relationships in {built:.1f} s")
    figures = measure_rebuild(services)
    print(f"{'events':<16}{figures.pop('events'):>12,.0f}")
    ratio = figures.pop("ratio")
    for name, value in figures.items():
        print(f"{name:<16}{value:>12,.0f}")
    print(f"{'ratio':<16}{ratio:>12.2f}  (target >= 0.50)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true", help="On a throwaway PostgreSQL.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.postgres:
            services = open_services(Path(tmp), follow_log=False)
            try:
                report(services, args.relationships, "SQLite")
            finally:
                services.close()
            return
        from tests.support.postgres import ThrowawayPostgres, binaries

        bindir = binaries()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found.")
        server = ThrowawayPostgres(bindir)
        server.start()
        try:
            store = server.store(Path(tmp))
            services = open_services(store, follow_log=False)
            try:
                report(services, args.relationships, "PostgreSQL")
            finally:
                services.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
