"""Section 8 of `make bench` (`--only scale`): scaling out, beside the raw limits.

a. group commit: HTTP commands with it on and off, beside raw `Application.save` of the same
   events one save per transaction (and grouped): rates, p50 and p99;
b. PostgreSQL: HTTP commands served by 1, 2 and 4 worker processes;
c. a rebuild beside the live views, its rate beside the raw read rate of the log, and a
   coordinator reading over HTTP meanwhile: answers that failed or came back empty, the time
   they took, and the slowest answer;
d. PostgreSQL: a streaming replica (pg_basebackup) read by the server: read latency from it and
   from the primary, and its lag (a command's answer until the replica's views hold it).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from services import Caller, Command
from services.programmes import Programmes
from services.tandem import open_tandem
from services.views.rebuild import PAGE as PAGE_SIZE
from services.views.rebuild import rebuild_views
from services.views.replica import ReplicaReads
from services.wiring import open_services
from tests.benchmarks.commands import enrol_pairs, live_in_process, save_raw
from tests.benchmarks.life import Connection
from tests.benchmarks.load import token
from tests.benchmarks.measure import latencies
from tests.benchmarks.views_scale import build
from tests.support.replica import ThrowawayReplica

Serve = Callable[[dict[str, str], int], Any]  # a server on a store's settings, with N workers
WORKERS = (1, 2, 4)
LAG_SAMPLES = 100


def measure(
    args: argparse.Namespace, stores: Any, durable: Any, serve: Serve, load: Any
) -> dict[str, Any]:
    """Every figure of the section; `args.secret` signs the load generator's tokens. Commands
    run on `durable` stores (PostgreSQL: fsync on, as in production), where a commit waits for
    the disk: what group commit saves. The rest runs on `stores`."""
    figures: dict[str, Any] = {
        "store": durable.describe(),
        "group_commit": group_commit(args, durable, serve, load),
    }
    if stores.kind == "postgres":
        figures["workers"] = workers(args, durable, serve, load)
    store, program, coordinator = _log(args, stores)
    figures["rebuild"] = rebuild(args, stores, store, serve, program, coordinator)
    if stores.kind == "postgres":
        figures["replica"] = replica(args, stores, store, serve, load, program, coordinator)
    return figures


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return max(runs, key=lambda figures: figures["per_s"])


def group_commit(args: argparse.Namespace, stores: Any, serve: Serve, load: Any) -> dict[str, Any]:
    """HTTP with group commit on and off; raw saves of the same events, one a transaction."""
    runs: dict[str, list[dict[str, Any]]] = {
        "http_grouped": [],
        "http_alone": [],
        "raw_alone": [],
        "raw_grouped": [],
    }
    clients = ["--clients", args.clients, "--lives", args.lives]
    for round_number in range(args.rounds):
        for name, on in (("http_grouped", "true"), ("http_alone", "false")):
            store = stores.new(f"scale-{name}-{round_number}")
            env = stores.environment(store) | {"TANDEM_GROUP_COMMIT": on}
            with serve(env, args.workers) as server:
                runs[name].append(load("commands", server.port, *clients))
        tandem = open_tandem(stores.new(f"scale-lived-{round_number}"))
        lived = live_in_process(tandem, enrol_pairs(tandem, args.clients), args.lives)
        tandem.close()
        for name, grouped in (("raw_alone", False), ("raw_grouped", True)):
            raw = open_tandem(
                replace(stores.new(f"scale-{name}-{round_number}"), group_commit=grouped)
            )
            enrol_pairs(raw, 1)
            runs[name].append(save_raw(raw, lived["saved"]))
            raw.close()
    best = {name: _best(figures) for name, figures in runs.items()}
    return best | {"ratio": best["http_grouped"]["per_s"] / best["raw_alone"]["per_s"]}


def workers(args: argparse.Namespace, stores: Any, serve: Serve, load: Any) -> dict[str, Any]:
    """The same command load served by more worker processes (PostgreSQL: one store for all)."""
    figures = {}
    clients = ["--clients", args.clients, "--lives", args.lives]
    for count in WORKERS:
        store = stores.new(f"scale-workers-{count}")
        open_services(store, follow_log=False).close()  # `tandem db init`: workers race to create
        env = stores.environment(store) | {"TANDEM_CREATE_TABLES": "false"}
        with serve(env, count) as server:
            figures[str(count)] = load("commands", server.port, *clients)
    return figures


def _log(args: argparse.Namespace, stores: Any) -> tuple[Any, str, str]:
    """A projected log of --rebuild-size relationships: its store, a programme, its coordinator."""
    store = stores.new(f"scale-log-{args.rebuild_size}")
    services = open_services(store, follow_log=False)
    program, coordinator = build(services, args.rebuild_size)
    services.projector.catch_up()
    services.close()
    return store, str(program), coordinator


def _raw_read(services: Any) -> float:
    """Rows a second of reading the whole notification log in pages, nothing decoded."""
    started, rows, start = time.perf_counter(), 0, 0
    while page := services.tandem.recorder.select_notifications(
        start=start, limit=PAGE_SIZE, inclusive_of_start=False
    ):
        rows, start = rows + len(page), page[-1].id
    return rows / (time.perf_counter() - started)


class Reader(threading.Thread):
    """A coordinator asking for the programme's status over and over; what each answer was."""

    def __init__(self, port: int, secret: str, program: str, coordinator: str) -> None:
        super().__init__(daemon=True)
        self.port, self.program = port, program
        self.bearer = token(secret, coordinator, "coordinator")
        self.stop, self.answers = threading.Event(), list[tuple[bool, float]]()

    def run(self) -> None:
        connection = Connection("127.0.0.1", self.port)
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                status, body = connection.send(
                    "GET", f"/api/programs/{self.program}/status", self.bearer
                )
                good = status == 200 and body["relationships"]["total"] > 0
            except Exception:
                connection.close()
                connection, good = Connection("127.0.0.1", self.port), False
            self.answers.append((good, time.perf_counter() - started))
        connection.close()


def rebuild(
    args: argparse.Namespace, stores: Any, store: Any, serve: Serve, program: str, coordinator: str
) -> dict[str, Any]:
    """The rebuild beside the views, timed, while a coordinator reads over HTTP."""
    services = open_services(store, follow_log=False)
    raw = _raw_read(services)
    shares = args.rebuild_workers if stores.kind == "postgres" else 1
    with serve(stores.environment(store), args.workers) as server:
        reader = Reader(server.port, args.secret, program, coordinator)
        reader.start()
        time.sleep(1)  # the reader's answers before the rebuild start too
        done = rebuild_views(services, store, shares)
        time.sleep(1)
        reader.stop.set()
        reader.join(30)
    services.close()
    failed = [seconds for good, seconds in reader.answers if not good]
    return {
        "events": done.position,
        "seconds": done.seconds,
        "per_s": done.position / done.seconds,
        "raw_rows_per_s": raw,
        "ratio": done.position / done.seconds / raw,
        "workers": shares,
        "answers": len(reader.answers),
        "unavailable": len(failed),
        "unavailable_seconds": sum(failed),
        "slowest_answer_ms": max(seconds for _, seconds in reader.answers) * 1000,
    }


def replica(
    args: argparse.Namespace,
    stores: Any,
    store: Any,
    serve: Serve,
    load: Any,
    program: str,
    coordinator: str,
) -> dict[str, Any]:
    """Read latency from a streaming replica and from the primary; the replica's lag."""
    standby = ThrowawayReplica(stores.server)
    standby.start()
    try:
        asking = ["--program", program, "--coordinator", coordinator, "--repeat", args.repeat]
        figures: dict[str, Any] = {}
        read_from = {"TANDEM_POSTGRES_READ_HOST": "127.0.0.1"}
        read_from["TANDEM_POSTGRES_READ_PORT"] = str(standby.port)
        for name, env in (("primary", {}), ("replica", read_from)):
            with serve(stores.environment(store) | env, args.workers) as server:
                figures[name] = load("reads", server.port, *asking)
        figures["lag"] = _lag(replace(store, read_host="127.0.0.1", read_port=standby.port))
        return figures
    finally:
        standby.stop()


def _lag(store: Any) -> dict[str, float]:
    """From a command's answer until the primary's views, and the replica's, hold it. Every
    connection of this process commits synchronously, as production does: the throwaway
    server's own setting (off) sends the WAL to the replica only every 200 ms."""
    os.environ["PGOPTIONS"] = "-c synchronous_commit=on"
    try:
        return _lagging(store)
    finally:
        del os.environ["PGOPTIONS"]


def _lagging(store: Any) -> dict[str, float]:
    services = open_services(store)  # its projector follows the log, woken by each save
    reads = ReplicaReads(services.views, store)
    coordinator = Command(Caller("coordinator@lag", frozenset({"coordinator"})))
    to_primary, to_replica = [], []
    for n in range(LAG_SAMPLES):
        answered = Programmes(services.tandem).create_program(coordinator, f"Lag {n}")
        started = time.perf_counter()
        while services.views.position() < answered.position:
            time.sleep(0.0005)
        to_primary.append(time.perf_counter() - started)
        while not reads.holds(answered.position, timeout=30):
            pass
        to_replica.append(time.perf_counter() - started)
    reads.close()
    services.close()
    primary, replicated = latencies(to_primary), latencies(to_replica)
    return {
        "views_p50_ms": primary["p50_ms"],
        "views_p99_ms": primary["p99_ms"],
        "replica_p50_ms": replicated["p50_ms"],
        "replica_p99_ms": replicated["p99_ms"],
    }


def report(s: dict[str, Any], kind: str) -> str:
    g = s["group_commit"]
    rows = [
        "8. Scale: group commit, worker processes, a rebuild beside the views, a read replica",
        f"   commands on {s['store']}",
        f"   {'':<40}{'per s':>10}{'p50 ms':>10}{'p99 ms':>10}",
    ]
    for name, key in (
        ("HTTP commands, group commit", "http_grouped"),
        ("HTTP commands, a transaction each", "http_alone"),
        ("raw save, one a transaction", "raw_alone"),
        ("raw save, group commit", "raw_grouped"),
    ):
        it = g[key]
        rows.append(f"   {name:<40}{it['per_s']:>10,.0f}{it['p50_ms']:>10.2f}{it['p99_ms']:>10.2f}")
    grouped = g["http_grouped"]
    rows += [
        _met("HTTP (grouped) / raw one a transaction", g["ratio"], ">=", 1.0),
        _met("HTTP (grouped) p99 / p50", grouped["p99_ms"] / grouped["p50_ms"], "<=", 3.0),
    ]
    if "workers" in s:
        for count, it in s["workers"].items():
            label = f"HTTP commands, {count} worker process(es)"
            rows.append(
                f"   {label:<40}{it['per_s']:>10,.0f}{it['p50_ms']:>10.2f}{it['p99_ms']:>10.2f}"
            )
    r = s["rebuild"]
    rows += [
        f"   rebuild beside the views ({r['events']:,} events, {r['workers']} process(es))"
        f"{r['per_s']:>9,.0f} events/s",
        f"   raw read of the notification log {r['raw_rows_per_s']:>12,.0f} rows/s",
        _met("rebuild / raw read", r["ratio"], ">=", 0.5),
        f"   reads during it: {r['answers']:,} answers, slowest {r['slowest_answer_ms']:.1f} ms",
        _met(
            f"unavailable or empty ({r['unavailable_seconds']:.2f} s)",
            r["unavailable"],
            "<=",
            0,
        ),
    ]
    if "replica" in s:
        p = s["replica"]
        for name in p["primary"]:
            primary, replicated = p["primary"][name], p["replica"][name]
            rows.append(
                f"   {name + ', primary / replica':<40}{primary['p50_ms']:>8.2f} /"
                f"{replicated['p50_ms']:>6.2f} p50 ms{primary['p99_ms']:>8.2f} /"
                f"{replicated['p99_ms']:>6.2f} p99 ms"
            )
        lag = p["lag"]
        rows.append(
            f"   {'command to views, primary / replica':<40}{lag['views_p50_ms']:>8.2f} /"
            f"{lag['replica_p50_ms']:>6.2f} p50 ms{lag['views_p99_ms']:>8.2f} /"
            f"{lag['replica_p99_ms']:>6.2f} p99 ms"
        )
    return "\n".join(rows)


def _met(name: str, value: float, sign: str, bound: float) -> str:
    met = value >= bound if sign == ">=" else value <= bound
    return f"   {name:<40}{value:>10.2f}  (target {sign} {bound:g}: {'met' if met else 'MISSED'})"
