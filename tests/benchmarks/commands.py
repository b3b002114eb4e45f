"""Commands in-process: the application's command rate, and the raw rate of saving its events.

The same lives as the HTTP clients play (tests/benchmarks/life.py), by the same number of
concurrent clients (threads), against a fresh store of the same kind. Every event each command
saved is kept, in order, per client; the raw rate is `Application.save` of exactly those events,
one save per command, by as many threads, into another fresh store: storage and nothing else.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from services import Caller
from services.programmes import Programmes
from services.tandem import Tandem
from services.unit_of_work import Command
from tests.benchmarks.life import COMMANDS_PER_LIFE, Pair, ServiceParty, play
from tests.benchmarks.measure import in_threads, latencies

COORDINATOR = Caller("coordinator@bench", frozenset({"coordinator"}))


def enrol_pairs(tandem: Tandem, clients: int) -> list[Pair]:
    """One programme; a mentee and a mentor for each client, enrolled."""
    command = Command(COORDINATOR)
    program = Programmes(tandem).create_program(command, "Benchmark", None, 14).aggregate.id
    pairs = []
    for _ in range(clients):
        ids = []
        for role in ("mentee", "mentor"):
            person = Programmes(tandem).register_participant(command, role.title()).aggregate.id
            Programmes(tandem).enrol(command, program, person, [role])
            ids.append(str(person))
        pairs.append(Pair(str(program), *ids))
    return pairs


def live_in_process(tandem: Tandem, pairs: list[Pair], lives: int) -> dict[str, Any]:
    """Each client lives `lives` relationships through the command methods; keeps the events."""
    saved: dict[int, list[list[Any]]] = {i: [] for i in range(len(pairs))}
    client_of = threading.local()
    keep = tandem._notify

    def capture(recordings: list[Any]) -> None:
        saved[client_of.index].append([r.domain_event for r in recordings])
        keep(recordings)

    tandem._notify = capture  # type: ignore[method-assign]
    timings: list[list[float]] = [[] for _ in pairs]

    def work(index: int) -> None:
        client_of.index = index
        party = ServiceParty(tandem, pairs[index])
        for _ in range(lives):
            play(pairs[index], party.send, timings[index])

    seconds = in_threads(len(pairs), work)
    tandem._notify = keep  # type: ignore[method-assign]
    done = len(pairs) * lives * COMMANDS_PER_LIFE
    return {
        "commands": done,
        "seconds": seconds,
        "per_s": done / seconds,
        **latencies([t for client in timings for t in client]),
        "saved": [saved[i] for i in range(len(pairs))],
    }


def save_raw(tandem: Tandem, saved: list[list[list[Any]]]) -> dict[str, Any]:
    """Saves each command's events as they were saved, one `save` per command, per client."""
    timings: list[list[float]] = [[] for _ in saved]

    def work(index: int) -> None:
        for events in saved[index]:
            started = time.perf_counter()
            tandem.save(*events)
            timings[index].append(time.perf_counter() - started)

    seconds = in_threads(len(saved), work)
    done = sum(len(s) for s in saved)
    return {
        "commands": done,
        "events": sum(len(e) for s in saved for e in s),
        "seconds": seconds,
        "per_s": done / seconds,
        **latencies([t for client in timings for t in client]),
    }
