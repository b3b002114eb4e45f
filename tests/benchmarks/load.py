"""The load generator: its own process, speaking HTTP on loopback to a running server.

    python -m tests.benchmarks.load commands --port P --secret S --clients 8 --lives 10
    python -m tests.benchmarks.load bare     --port P --clients 8 --requests 1600
    python -m tests.benchmarks.load reads    --port P --secret S --program ID --coordinator SUB
    python -m tests.benchmarks.load history  --port P --secret S --relationships FILE
    python -m tests.benchmarks.load asks     --port P --secret S --asks FILE

Each client is a thread holding one keep-alive connection, as an API client library would.
Prints one JSON document of figures on stdout: rates, latencies (ms) and failures.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.life import COMMANDS_PER_LIFE, Connection, HttpParty, Pair, play
from tests.benchmarks.measure import in_threads, latencies
from web.auth import mint_token

HOST = "127.0.0.1"
COORDINATOR = "coordinator@bench"


def token(secret: str, sub: str, role: str) -> str:
    return mint_token(secret, sub, [role], timedelta(hours=2))


def enrol_pairs(port: int, secret: str, clients: int, subscribe: str = "") -> list[Pair]:
    """One programme and a mentee and a mentor per client, set up through the API; with
    `subscribe`, a webhook subscription of the programme to that URL."""
    connection = Connection(HOST, port)
    coordinator = token(secret, COORDINATOR, "coordinator")

    def post(path: str, body: dict[str, Any]) -> str:
        status, answer = connection.send("POST", path, coordinator, body)
        if status != 201:
            raise RuntimeError(f"{path}: {status} {answer}")
        return str(answer.get("id", ""))

    program = post("/api/programs", {"name": "Benchmark", "meeting_every_days": 14})
    if subscribe:
        post("/api/subscriptions", {"url": subscribe, "program_id": program})
    pairs = []
    for _ in range(clients):
        ids = []
        for role in ("mentee", "mentor"):
            person = post("/api/participants", {"name": role.title()})
            post(
                f"/api/programs/{program}/enrollments", {"participant_id": person, "roles": [role]}
            )
            ids.append(person)
        pairs.append(Pair(program, *ids))
    connection.close()
    return pairs


def commands(args: argparse.Namespace) -> dict[str, Any]:
    """Every client lives `lives` whole relationships, one command after another."""
    pairs = enrol_pairs(args.port, args.secret, args.clients, args.subscribe)
    timings: list[list[float]] = [[] for _ in pairs]

    def work(index: int) -> None:
        pair = pairs[index]
        tokens = {p: token(args.secret, p, "participant") for p in (pair.mentee_id, pair.mentor_id)}
        connection = Connection(HOST, args.port)
        party = HttpParty(connection, pair, tokens)
        for _ in range(args.lives):
            play(pair, party.send, timings[index])
        connection.close()

    seconds = in_threads(args.clients, work)
    done = args.clients * args.lives * COMMANDS_PER_LIFE
    every = [t for client in timings for t in client]
    return {"commands": done, "seconds": seconds, "per_s": done / seconds, **latencies(every)}


BARE_BODY = {"about": "performance", "content": "Clear and prepared", "meeting_id": None}


def bare(args: argparse.Namespace) -> dict[str, Any]:
    """The same number of JSON POSTs, to an endpoint that only parses and answers JSON."""
    per_client = args.requests // args.clients
    timings: list[list[float]] = [[] for _ in range(args.clients)]

    def work(index: int) -> None:
        connection = Connection(HOST, args.port)
        for _ in range(per_client):
            started = time.perf_counter()
            status, _ = connection.send("POST", "/echo", "none", BARE_BODY)
            timings[index].append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"/echo: {status}")
        connection.close()

    seconds = in_threads(args.clients, work)
    done = per_client * args.clients
    every = [t for client in timings for t in client]
    return {"requests": done, "seconds": seconds, "per_s": done / seconds, **latencies(every)}


def timed_gets(
    connection: Connection,
    path: str,
    bearer: str,
    repeat: int,
    method: str = "GET",
    body: dict[str, Any] | None = None,
) -> dict[str, float]:
    """One client asking again and again: latency with nothing else in the way."""
    samples = []
    for _ in range(repeat + max(1, repeat // 10)):  # the first tenth warms up, not counted
        started = time.perf_counter()
        status, _ = connection.send(method, path, bearer, body)
        samples.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"{path}: {status}")
    return latencies(samples[max(1, repeat // 10) :])


def reads(args: argparse.Namespace) -> dict[str, Any]:
    connection = Connection(HOST, args.port)
    coordinator = token(args.secret, args.coordinator, "coordinator")
    paths = {
        "list at_risk=true": f"/api/relationships?program_id={args.program}&at_risk=true",
        "programme status": f"/api/programs/{args.program}/status",
    }
    return {
        name: timed_gets(connection, path, coordinator, args.repeat) for name, path in paths.items()
    }


def history(args: argparse.Namespace) -> dict[str, Any]:
    """For each relationship: its history, its state as of mid-life, and at its mid version."""
    connection = Connection(HOST, args.port)
    figures: dict[str, Any] = {}
    for size, it in json.loads(Path(args.relationships).read_text()).items():
        party = token(args.secret, it["party"], "participant")
        base = f"/api/relationships/{it['id']}"
        paths = {
            "history": f"{base}/history",
            "as_of": f"{base}?as_of={it['as_of']}",
            "version": f"{base}?version={it['version']}",
            "current": base,
        }
        figures[size] = {
            name: timed_gets(connection, path, party, args.repeat) for name, path in paths.items()
        }
    return figures


def asks(args: argparse.Namespace) -> dict[str, Any]:
    """Each request of a file (name -> path, caller, method, body, repeat), timed in turn."""
    connection = Connection(HOST, args.port)
    figures = {}
    for name, ask in json.loads(Path(args.asks).read_text()).items():
        bearer = token(args.secret, ask["sub"], ask["role"])
        method, body = ask.get("method", "GET"), ask.get("body")
        figures[name] = timed_gets(connection, ask["path"], bearer, ask["repeat"], method, body)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=["commands", "bare", "reads", "history", "asks"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", default="")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--lives", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1600)
    parser.add_argument("--program", default="")
    parser.add_argument("--coordinator", default="")
    parser.add_argument("--relationships", default="")
    parser.add_argument("--asks", default="")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--subscribe", default="", help="commands: a webhook receiver's URL")
    args = parser.parse_args()
    workloads = {
        "commands": commands,
        "bare": bare,
        "reads": reads,
        "history": history,
        "asks": asks,
    }
    print(json.dumps(workloads[args.workload](args)))


if __name__ == "__main__":
    main()
