"""Benchmark: coordinator reads cost the same at 1,000 and at 100,000 relationships.

Builds real event logs (about 20 events per relationship, saved through the application in
batches), projects them with the real projector, then times the list (at_risk and a plain page)
and programme status for one programme of 1,000 relationships in each log. Prints p50/p99 and
the ratio between the two sizes (target <= 1.5).

    .venv/bin/python -m tests.benchmarks.views_scale [--large 100000] [--repeat 300]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from domain import Participant, Program, request_relationship
from domain.values import Actor
from services import Caller
from services.coordination import ListQuery
from services.wiring import Services, open_services
from tests.benchmarks.measure import percentiles

PER_PROGRAMME = 1000
PEOPLE = 50  # mentors and mentees per programme: 2,500 possible pairs
NOW = datetime.now(UTC)


def build(services: Services, relationships: int) -> tuple[UUID, str]:
    """Saves the log programme by programme; answers the first programme and its coordinator."""
    tandem = services.tandem
    first: tuple[UUID, str] | None = None
    for p in range(-(-relationships // PER_PROGRAMME)):
        coordinator = f"coordinator-{p}"
        program = Program(
            name=f"P{p}", description=None, meeting_every_days=14, coordinator=coordinator
        )
        mentors = [_person(program, "mentor", coordinator) for _ in range(PEOPLE)]
        mentees = [_person(program, "mentee", coordinator) for _ in range(PEOPLE)]
        tandem.save(program, *mentors, *mentees)
        first = first or (program.id, coordinator)
        batch: list[object] = []
        for i in range(min(PER_PROGRAMME, relationships - p * PER_PROGRAMME)):
            batch += _lived(program, mentees[i % PEOPLE], mentors[(i // PEOPLE) % PEOPLE], i)
            if len(batch) >= 400:
                tandem.save(*batch)  # type: ignore[arg-type]
                batch = []
        if batch:
            tandem.save(*batch)  # type: ignore[arg-type]
    assert first is not None
    return first


def _person(program: Program, role: str, by: str) -> Participant:
    person = Participant(name=role, email=None, expertise=[], timezone=None, registered_by=by)
    person.enrol(program.id, [role], by=by)
    return person


def _lived(program: Program, mentee: Participant, mentor: Participant, i: int) -> list[object]:
    """A relationship of about 20 events whose health varies with i."""
    relationship, pair = request_relationship(
        program, mentee, mentor, None, "mentoring", ["Grow", "Lead"], "Please"
    )
    me, you = Actor(str(mentee.id)), Actor(str(mentor.id))
    relationship.accept(you)
    relationship.propose_boundaries(me, 14, "video", ["pay"], None)
    relationship.agree_boundaries(you)
    for k in range(4):
        meeting = relationship.schedule_meeting(
            you, NOW - timedelta(days=10 * (4 - k) + i % 40), 30, "video"
        )
        if k < 2:
            relationship.prepare_agenda(me, meeting, ["Topic"], "Going well", ["Focus"])
        relationship.hold_meeting(
            me, meeting, held_at=NOW - timedelta(days=(i % 40) + 10 * (3 - k))
        )
    relationship.schedule_meeting(you, NOW + timedelta(days=(i % 30)), 30, "video")
    goal = relationship.add_goal(me, "Speak up")
    relationship.achieve_goal(you, goal)
    relationship.give_feedback(you, "performance", "Good")
    relationship.give_feedback(me, "relationship", "Thanks")
    return [relationship, pair]


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def prepare(data: Path, relationships: int) -> tuple[UUID, str]:
    """Builds and projects the log once; a data directory kept from an earlier run is reused."""
    ids = data / "benchmark-ids.txt"
    if ids.exists():
        program_id, sub = ids.read_text().split()
        return UUID(program_id), sub
    services = open_services(data, follow_log=False)
    started = time.perf_counter()
    program_id, sub = build(services, relationships)
    built = time.perf_counter() - started
    started = time.perf_counter()
    events = services.projector.catch_up()
    projected = time.perf_counter() - started
    print(
        f"{relationships:>7} relationships: {events:,} events saved in {built:.1f} s, "
        f"projected in {projected:.1f} s ({events / projected:,.0f} events/s)"
    )
    services.close()
    ids.write_text(f"{program_id} {sub}")
    return program_id, sub


def measure(data: Path, relationships: int, repeat: int) -> dict[str, tuple[float, float]]:
    """Times the reads in a fresh process state: reopened as a server would be, then warmed."""
    program_id, sub = prepare(data, relationships)
    services = open_services(data, follow_log=False)
    try:
        coordinator = Caller(sub, frozenset({"coordinator"}))
        reads = services.coordination
        timed(lambda: reads.program_status(coordinator, program_id), 20)  # warm up
        figures = {
            "list at_risk=true": timed(
                lambda: reads.relationships(
                    coordinator, ListQuery(program_id=program_id, at_risk=True)
                ),
                repeat,
            ),
            "list first page": timed(
                lambda: reads.relationships(coordinator, ListQuery(program_id=program_id)), repeat
            ),
            "programme status": timed(
                lambda: reads.program_status(coordinator, program_id), repeat
            ),
        }
    finally:
        services.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--data", type=Path, help="Keep the built logs here and reuse them.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.data or Path(tmp)
        small = measure(root / str(args.small), args.small, args.repeat)
        large = measure(root / str(args.large), args.large, args.repeat)
    columns = ("p50 small", "p99 small", "p50 large", "p99 large", "ratio p50")
    print("\n" + f"{'query':<20}" + "".join(f"{c:>11}" for c in columns))
    for name in small:
        (s50, s99), (l50, l99) = small[name], large[name]
        times = "".join(f"{t:>9.2f}ms" for t in (s50, s99, l50, l99))
        print(f"{name:<20}{times}{l50 / s50:>11.2f}")


if __name__ == "__main__":
    main()
