"""Benchmarks: what each user action costs, against the raw limits of the machine.

    make bench                       # SQLite, the embedded default
    make bench ARGS=--postgres       # a throwaway PostgreSQL started from the installed binaries

Runs the real server (`tandem serve`: gunicorn, gthread) on loopback, drives it from a load
generator in its own process (tests/benchmarks/load.py), and measures beside it, in the same
run, what the same work costs with less in the way:

1. commands: clients living whole relationships over HTTP; a bare Flask JSON endpoint on the
   same server settings; the same lives in-process; raw `Application.save` of the same events;
2. coordinator reads (list at_risk=true, programme status) at two sizes of log;
3. history, as_of and version of a relationship with 10 and with 1,000 events;
4. projection rebuild of the large log, beside the raw rate of reading its notification log;
5. the peak resident memory of every server process that answered;
6. webhooks: the same command load delivered by `tandem webhooks run` to a loopback receiver,
   live (lag p50/p99) and from a backlog (how fast it drains), beside the command rate of 1.
7. time travel: programmes of a tenth and a hundredth of the large log, spread over two years,
   their status now and as of the middle of the log, cohorts, a backtest, and the temporal
   tables' bytes per event (tests/benchmarks/time_travel.py).

Prints a table and writes every figure to a JSON file (--output).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from services.history import utc_text
from services.store import Store
from services.tandem import open_tandem
from services.wiring import open_services
from tests.benchmarks.commands import enrol_pairs, live_in_process, save_raw
from tests.benchmarks.life import COMMANDS_PER_LIFE
from tests.benchmarks.long_history import LongRelationship, build_long
from tests.benchmarks.rebuild import measure_rebuild
from tests.benchmarks.time_travel import (
    SpreadLog,
    asks,
    build_spread,
    events_stored,
    project,
    temporal_bytes,
)
from tests.benchmarks.views_scale import build
from tests.benchmarks.webhooks import measure as measure_webhooks
from tests.support.postgres import ThrowawayPostgres, binaries, free_port

REPO = Path(__file__).resolve().parents[2]
TANDEM = [sys.executable, "-m", "web.cli"]
SECRET = "benchmark-secret-0123456789-abcdefghijklmnop"
LONG = (10, 1000)  # events in the two relationships whose history is read


class Stores:
    """Fresh stores of one kind: SQLite folders, or schemas of a throwaway PostgreSQL."""

    def __init__(self, kind: str, root: Path) -> None:
        self.kind, self.root = kind, root
        self.server: ThrowawayPostgres | None = None
        if kind == "postgres":
            bindir = binaries()
            if bindir is None:
                raise SystemExit("No PostgreSQL binaries (initdb, pg_ctl) found.")
            self.server = ThrowawayPostgres(bindir)
            self.server.start()

    def new(self, name: str) -> Store:
        if self.server is None:
            return Store.sqlite(self.root / name)
        return self.server.store(self.root / name, pool_size=10)

    def environment(self, store: Store) -> dict[str, str]:
        env = {"TANDEM_DATA_DIR": str(store.data_dir), "TANDEM_STORE": store.kind}
        if store.kind == "postgres":
            env |= {
                "TANDEM_POSTGRES_PORT": str(store.port),
                "TANDEM_POSTGRES_SCHEMA": store.schema,
                "TANDEM_POOL_SIZE": str(store.pool_size),
            }
        return env

    def describe(self) -> str:
        if self.server is None:
            return f"SQLite {sqlite3.sqlite_version} (WAL mode, as eventsourcing opens it)"
        with self.server.connect() as conn:
            row = conn.execute("SHOW server_version").fetchone()
        version = row[0] if row else "?"
        return f"PostgreSQL {version} (throwaway server, fsync off)"

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


# --- servers ------------------------------------------------------------------------------


class Server:
    """A server process on loopback, and the peak memory of the workers that answered."""

    def __init__(self, command: Callable[[int], list[str]], env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            command(self.port),
            env={**os.environ, "TANDEM_SECRET_KEY": SECRET, "TANDEM_FOLLOW_LOG": "false", **env},
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"The server stopped at start:\n{error}")
            with suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                connection.getresponse()
                return self
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("The server did not come up in 60 s.")

    def peak_rss_mb(self) -> float:
        """The largest peak resident set (VmHWM) among the worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return max(_vm_hwm(int(pid)) for pid in children.read_text().split())

    def __exit__(self, *_: object) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"No VmHWM for process {pid}")


def tandem_server(args: argparse.Namespace, env: dict[str, str]) -> Server:
    """`tandem serve` as documented; the views are already built and not followed here."""
    settings = ["--workers", str(args.workers), "--threads", str(args.threads)]
    return Server(lambda port: [*TANDEM, "serve", "--port", str(port), *settings], env)


def bare_server(args: argparse.Namespace) -> Server:
    """gunicorn with the settings `tandem serve` uses, serving tests/benchmarks/bare.py."""
    settings = ["--workers", str(args.workers), "--threads", str(args.threads)]
    gunicorn = [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", *settings]
    app = ["--access-logfile", "-", "tests.benchmarks.bare:app"]
    return Server(lambda port: [*gunicorn, "--bind", f"127.0.0.1:{port}", *app], {})


def load(workload: str, port: int, *options: object) -> Any:
    """Runs the load generator in its own process; answers the figures it printed."""
    command = [sys.executable, "-m", "tests.benchmarks.load", workload, "--port", str(port)]
    command += ["--secret", SECRET, *map(str, options)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"The load generator failed ({workload}):\n{done.stderr}")
    return json.loads(done.stdout)


# --- the workloads --------------------------------------------------------------------------


def commands(args: argparse.Namespace, stores: Stores) -> dict[str, Any]:
    """HTTP, bare HTTP, in-process and raw saves, round after round; the best of each."""
    runs: dict[str, list[dict[str, Any]]] = {"http": [], "bare": [], "in_process": [], "raw": []}
    peaks = []
    clients = ["--clients", args.clients]
    for round_number in range(args.rounds):
        store = stores.new(f"commands-http-{round_number}")
        with tandem_server(args, stores.environment(store)) as server:
            runs["http"].append(load("commands", server.port, *clients, "--lives", args.lives))
            peaks.append(server.peak_rss_mb())
        with bare_server(args) as server:
            requests = args.clients * args.lives * COMMANDS_PER_LIFE
            runs["bare"].append(load("bare", server.port, *clients, "--requests", requests))
        tandem = open_tandem(stores.new(f"commands-in-process-{round_number}"))
        lived = live_in_process(tandem, enrol_pairs(tandem, args.clients), args.lives)
        tandem.close()
        raw = open_tandem(stores.new(f"commands-raw-{round_number}"))
        enrol_pairs(raw, 1)  # the same tables, warmed the same way
        saved = save_raw(raw, lived.pop("saved"))
        raw.close()
        runs["in_process"].append(lived)
        runs["raw"].append(saved)
    best = {name: max(figures, key=lambda f: f["per_s"]) for name, figures in runs.items()}
    return best | {
        "ratio_http_to_in_process": best["http"]["per_s"] / best["in_process"]["per_s"],
        "ratio_in_process_to_raw_save": best["in_process"]["per_s"] / best["raw"]["per_s"],
        "server_peak_rss_mb": max(peaks),
        "rounds": runs,
    }


def built_log(stores: Stores, relationships: int, keep: Path | None) -> tuple[Store, list[str]]:
    """A log of lived relationships (about 20 events each): its store, a programme of 1,000 of
    them and that programme's coordinator. With --data, a SQLite log is built once and kept."""
    name = f"log-{relationships}"
    if keep is None or stores.kind != "sqlite":
        store = stores.new(name)
    else:
        store = Store.sqlite(keep / name)
        if (facts := keep / f"{name}.json").exists():
            return store, json.loads(facts.read_text())
    services = open_services(store, follow_log=False)
    started = time.perf_counter()
    program_id, coordinator = build(services, relationships)
    print(f"  built {relationships:,} relationships in {time.perf_counter() - started:.0f} s")
    services.close()
    if keep is not None and stores.kind == "sqlite":
        (keep / f"{name}.json").write_text(json.dumps([str(program_id), coordinator]))
    return store, [str(program_id), coordinator]


def reads(args: argparse.Namespace, stores: Stores, workdir: Path) -> dict[str, Any]:
    """Coordinator reads at both sizes; history on the small log; rebuild of the large one."""
    figures: dict[str, Any] = {"reads": {}, "server_peak_rss_mb": {}}
    for size in (args.small, args.large):
        store, (program, coordinator) = built_log(stores, size, args.data)
        services = open_services(store, follow_log=False)
        if size == args.large:
            figures["rebuild"] = measure_rebuild(services)  # leaves the views built
        else:
            long = {n: build_long(services.tandem, n) for n in LONG}
            services.projector.catch_up()
            relationships = workdir / "long.json"
            relationships.write_text(json.dumps({str(n): _asked(it) for n, it in long.items()}))
        services.close()
        with tandem_server(args, stores.environment(store)) as server:
            asking = ["--program", program, "--coordinator", coordinator, "--repeat", args.repeat]
            figures["reads"][str(size)] = load("reads", server.port, *asking)
            if size == args.small:
                files = ["--relationships", relationships, "--repeat", args.repeat]
                figures["history"] = load("history", server.port, *files)
            figures["server_peak_rss_mb"][f"reads {size:,}"] = server.peak_rss_mb()
    return figures


def time_travel(args: argparse.Namespace, stores: Stores, workdir: Path) -> dict[str, Any]:
    """Section 6: the past against the present, in a log spread over two years."""
    name = f"spread-{args.large}"
    keep = args.data is not None and stores.kind == "sqlite"
    store = Store.sqlite(args.data / name) if keep else stores.new(name)
    facts = args.data / f"{name}.json" if keep else workdir / f"{name}.json"
    services = open_services(store, follow_log=False)
    figures: dict[str, Any] = {}
    if facts.exists():
        log = SpreadLog.read(facts)
    else:
        started = time.perf_counter()
        log = build_spread(services, args.large, datetime.now(UTC))
        print(f"  built a spread log in {time.perf_counter() - started:.0f} s", flush=True)
        figures["projected_per_s"] = project(services)
        log.write(facts)
    services.projector.catch_up()
    events = events_stored(services)
    figures |= {
        "log": log.__dict__,
        "events": events,
        "temporal_bytes": temporal_bytes(services, stores.kind),
    }
    services.close()
    asked = workdir / "asks.json"
    asked.write_text(json.dumps(asks(log, args.repeat)))
    with tandem_server(args, stores.environment(store)) as server:
        figures["reads"] = load("asks", server.port, "--asks", asked)
        figures["server_peak_rss_mb"] = server.peak_rss_mb()
    return figures


def _asked(long: LongRelationship) -> dict[str, object]:
    """What the load generator asks of a long relationship, as one of its parties."""
    return {
        "id": str(long.relationship_id),
        "party": str(long.mentee_id),
        "as_of": quote(utc_text(long.mid_moment)),
        "version": long.mid_version,
    }


# --- the report -----------------------------------------------------------------------------


def machine(stores: Stores) -> dict[str, str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if "model name" in line),
        platform.processor() or "?",
    )
    memory = next((line.split()[1] for line in _lines("/proc/meminfo") if "MemTotal" in line), "0")
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{int(memory) / 1024 / 1024:.0f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "store": stores.describe(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _lines(path: str) -> list[str]:
    with suppress(OSError):
        return Path(path).read_text().splitlines()
    return []


def _header(results: dict[str, Any], args: argparse.Namespace) -> str:
    return (
        f"Machine: {results['machine']['cpu']}, {results['machine']['memory']}, "
        f"Python {results['machine']['python']}; {results['machine']['store']}\n"
        f"Server: tandem serve, {args.workers} worker(s) x {args.threads} threads (gthread); "
        f"load generator in its own process; {args.clients} clients"
    )


def report(results: dict[str, Any], args: argparse.Namespace) -> str:
    c, r, h, b = (results[k] for k in ("commands", "reads", "history", "rebuild"))
    small, large = (r["reads"][str(size)] for size in (args.small, args.large))
    rows = [
        _header(results, args),
        "",
        f"1. Commands: {c['http']['commands']:,} per run ({args.clients} clients x {args.lives} "
        f"lives x {COMMANDS_PER_LIFE} commands), best of {args.rounds}",
        f"   {'':<34}{'per s':>10}{'p50 ms':>10}{'p99 ms':>10}",
    ]
    for name, key in (
        ("HTTP commands", "http"),
        ("bare Flask JSON endpoint (HTTP)", "bare"),
        ("in-process commands", "in_process"),
        ("raw Application.save, same events", "raw"),
    ):
        it = c[key]
        rows.append(f"   {name:<34}{it['per_s']:>10,.0f}{it['p50_ms']:>10.2f}{it['p99_ms']:>10.2f}")
    rows += [
        _ratio("HTTP / in-process commands", c["ratio_http_to_in_process"], ">= 0.60"),
        _ratio("in-process / raw save", c["ratio_in_process_to_raw_save"], ">= 0.70"),
        "",
        f"2. Coordinator reads over HTTP, a programme of 1,000 in logs of {args.small:,} and "
        f"{args.large:,} relationships",
        f"   {'':<22}{'p50 / p99 ms, small':>22}{'p50 / p99 ms, large':>22}{'ratio p50':>11}",
    ]
    for name in small:
        rows.append(_pair(name, small[name], large[name], "  (target <= 1.5)"))
    few, many = (h[str(n)] for n in LONG)
    rows += [
        "",
        f"3. One relationship over HTTP, with {LONG[0]} and with {LONG[1]:,} events",
        f"   {'':<22}{'p50 / p99 ms, 10':>22}{'p50 / p99 ms, 1,000':>22}{'ratio p50':>11}",
    ]
    for name, label, target in (
        ("history", "history", ""),
        ("as_of", "as_of (mid-life)", "  (target <= 3)"),
        ("version", "version (mid-life)", ""),
        ("current", "current state", ""),
    ):
        rows.append(_pair(label, few[name], many[name], target))
    rows += [
        "",
        f"4. Projection rebuild of the {args.large:,}-relationship log ({b['events']:,.0f} events)",
        f"   raw read of the notification log {b['raw_rows_per_s']:>12,.0f} rows/s",
        f"   read and decoded to domain events {b['decoded_per_s']:>11,.0f} events/s",
        f"   rebuild of every view            {b['rebuild_per_s']:>12,.0f} events/s",
        _ratio("rebuild / raw read", b["ratio"], ">= 0.50"),
        "",
        "5. Peak RSS of the server's worker process",
    ]
    peaks = {"commands": c["server_peak_rss_mb"], **r["server_peak_rss_mb"]}
    for name, mb in peaks.items():
        rows.append(f"   {name:<34}{mb:>10.1f} MB")
    rows.append(_ratio("largest", max(peaks.values()), "<= 200 MB", unit=" MB"))
    rows += ["", *_webhook_rows(results["webhooks"], c["http"]["per_s"], args)]
    return "\n".join(rows)


def _webhook_rows(w: dict[str, Any], command_rate: float, args: argparse.Namespace) -> list[str]:
    live, backlog = w["live"], w["backlog"]
    return [
        f"6. Webhooks: `tandem webhooks run` delivering the {live['expected']:,} events of 1. to a"
        " receiver on loopback (one subscription; receiver, dispatcher, server: a process each)",
        f"   {'':<34}{'per s':>10}{'lag p50 ms':>12}{'lag p99 ms':>12}",
        f"   {'live: commands':<34}{live['commands_per_s']:>10,.0f}",
        f"   {'live: deliveries':<34}{live['per_s']:>10,.0f}"
        f"{live['lag_p50_ms']:>12.1f}{live['lag_p99_ms']:>12.1f}",
        f"   {'backlog: deliveries draining':<34}{backlog['per_s']:>10,.0f}",
        f"   delivered {live['delivered']:,} and {backlog['delivered']:,} of {live['expected']:,}"
        f" each; duplicates {live['duplicates'] + backlog['duplicates']}",
        _ratio("draining / HTTP commands of 1.", backlog["per_s"] / command_rate, ">= 1.00"),
        _ratio("live lag p99", live["lag_p99_ms"], "<= 1000 ms", unit=" ms"),
    ]


def report_time_travel(t: dict[str, Any], args: argparse.Namespace) -> str:
    """Section 7: each read of the past beside the present, at both programme sizes."""
    r, sizes = t["reads"], t["log"]["relationships"]
    rows = [
        f"7. Time travel: programmes of {sizes['small']:,} and {sizes['big']:,} relationships in a"
        f" log of {args.large:,} ({t['events']:,} events), requests spread over two years;"
        " as_of: the middle of the log",
        f"   {'':<22}{'p50 / p99 ms, small':>22}{'p50 / p99 ms, big':>22}{'ratio p50':>11}",
    ]
    for name, target in (
        ("status now", ""),
        ("status as_of", "  (target <= 1.5)"),
        ("cohorts now", ""),
        ("cohorts as_of", ""),
        ("backtest", ""),
    ):
        label = "backtest (a quarter)" if name == "backtest" else name
        rows.append(_pair(label, r[f"{name} small"], r[f"{name} big"], target))
    changes = r["changes"]
    rows += [
        f"   {'changes (a whole life)':<22}{changes['p50_ms']:>12.2f} /{changes['p99_ms']:>7.2f}",
    ]
    for size in ("small", "big"):
        ratio = r[f"status as_of {size}"]["p50_ms"] / r[f"status now {size}"]["p50_ms"]
        rows.append(_ratio(f"as_of / now, {sizes[size]:,}", ratio, "<= 1.5"))
    big_now = r["status now big"]["p50_ms"]
    rows += [
        _ratio(
            f"cohorts / status now, {sizes['big']:,}",
            r["cohorts now big"]["p50_ms"] / big_now,
            "<= 10",
        ),
        f"   temporal tables {t['temporal_bytes'] / max(1, t['events']):>18.1f} bytes per event"
        f" ({t['temporal_bytes'] / 2**20:,.1f} MB for {t['events']:,} events)",
    ]
    if "projected_per_s" in t:
        rows.append(
            f"   projected, temporal tables included {t['projected_per_s']:>9,.0f} events/s"
        )
    return "\n".join(rows)


def _pair(name: str, small: dict[str, float], large: dict[str, float], target: str) -> str:
    """One read at two sizes: p50 / p99 of each, and the ratio of the p50s."""
    ratio = large["p50_ms"] / small["p50_ms"]
    return (
        f"   {name:<22}{small['p50_ms']:>12.2f} /{small['p99_ms']:>7.2f}"
        f"{large['p50_ms']:>14.2f} /{large['p99_ms']:>7.2f}{ratio:>11.2f}{target}"
    )


def _ratio(name: str, value: float, target: str, unit: str = "") -> str:
    """A figure against its target, written as ">= 0.60" or "<= 200 MB"."""
    sign, bound = target.split()[:2]
    met = value >= float(bound) if sign == ">=" else value <= float(bound)
    return f"   {name:<34}{value:>10.2f}{unit}  (target {target}: {'met' if met else 'MISSED'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="Run on a throwaway PostgreSQL.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent command clients.")
    parser.add_argument("--lives", type=int, default=10, help="Relationships lived per client.")
    parser.add_argument("--rounds", type=int, default=2, help="Command rounds (best is kept).")
    parser.add_argument("--small", type=int, default=1_000, help="Relationships, small log.")
    parser.add_argument("--large", type=int, default=100_000, help="Relationships, large log.")
    parser.add_argument("--repeat", type=int, default=200, help="Requests per read measured.")
    parser.add_argument("--workers", type=int, default=1, help="Server worker processes.")
    parser.add_argument("--threads", type=int, default=8, help="Threads per worker.")
    parser.add_argument("--data", type=Path, help="Keep the built SQLite logs here and reuse them.")
    parser.add_argument("--output", type=Path, help="JSON results (default data/benchmark-*.json).")
    parser.add_argument(
        "--only",
        choices=["all", "time-travel"],
        default="all",
        help="Every section, or only section 7 (time travel).",
    )
    args = parser.parse_args()
    kind = "postgres" if args.postgres else "sqlite"
    output = args.output or REPO / "data" / f"benchmark-{kind}.json"
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
        stores = Stores(kind, Path(tmp))
        try:
            results: dict[str, Any] = {"machine": machine(stores), "settings": vars(args)}
            if args.only == "all":
                print("1. commands ...", flush=True)
                results["commands"] = commands(args, stores)
                print("2-4. reads, history, rebuild ...", flush=True)
                results["reads"] = reads(args, stores, Path(tmp))
                results["history"] = results["reads"].pop("history")
                results["rebuild"] = results["reads"].pop("rebuild")
                print("6. webhooks ...", flush=True)
                results["webhooks"] = measure_webhooks(
                    args,
                    stores.new,
                    stores.environment,
                    lambda env: tandem_server(args, env),
                    load,
                    SECRET,
                )
            print("7. time travel ...", flush=True)
            results["time_travel"] = time_travel(args, stores, Path(tmp))
        finally:
            stores.close()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str))
    printed = [report(results, args)] if args.only == "all" else [_header(results, args)]
    printed.append(report_time_travel(results["time_travel"], args))
    print("\n" + "\n\n".join(printed) + f"\n\nFigures written to {output}")


if __name__ == "__main__":
    main()
