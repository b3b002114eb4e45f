"""Benchmark: reading a relationship's past costs about the same at 10 and at 1,000 events.

Lives a realistic long relationship through the domain (request, accept, boundaries, then
cycles of meeting, agenda, held, feedback both ways, with goals, renegotiations, a pause and a
shift to peer mode and back), one event every 30 hours of a simulated clock, and saves it. Then
times, for a 10-event and a 1,000-event relationship in one store, the current state, the state
`as_of` a mid-life moment and at a mid `version`, and the history: in process (services) and as
served over HTTP by the Flask app. Prints p50/p99 and the ratio 1,000 / 10 (target for as_of: 3).

    .venv/bin/python -m tests.benchmarks.long_history [--repeat 200] [--events 10 1000]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import UUID

import jwt
from eventsourcing.cryptography import AESCipher

from domain import Participant, Program, Relationship, request_relationship
from domain import clock as domain_clock
from domain.values import Actor
from services import Caller, Tandem
from services.history import utc_text
from services.reads import Reads as ReadService
from services.settings import Settings
from services.store import Store
from tests.benchmarks.measure import percentiles
from tests.benchmarks.views_scale import timed

SPACING = timedelta(hours=30)  # between two events of the simulated life
HOUR = timedelta(hours=1)
SECRET = "benchmark-secret-key-for-tandem-at-least-32-bytes"


@dataclass(frozen=True)
class LongRelationship:
    """A saved relationship of `events` events, and a moment and a version in the middle of it.

    `mid_moment` lies between the events at `mid_version` and the one after, so `as_of` and
    `version` ask for the same state; it sits 55% into the life, between two snapshots.
    """

    relationship_id: UUID
    mentee_id: UUID
    mentor_id: UUID
    program_id: UUID
    coordinator: str
    events: int
    mid_version: int
    mid_moment: datetime


class Clock:
    """The simulated time every event is stamped with, one SPACING later each time."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def tick(self) -> datetime:
        self.now += SPACING
        return self.now


@contextmanager
def stamped_by(clock: Clock) -> Iterator[None]:
    """Events triggered in this block take their time from the clock instead of the wall."""
    with domain_clock.reading(clock.tick):
        yield


def build_long(tandem: Tandem, events: int) -> LongRelationship:
    """Lives and saves a relationship of exactly `events` events (at least 4), ending now."""
    assert events >= 4, "request, accept and agreed boundaries take 4 events"
    coordinator = "coordinator-long-history"
    clock = Clock(datetime.now(UTC) - SPACING * (events + 10))  # the programme and pair too
    with stamped_by(clock):
        program = Program(
            name="Long history", description=None, meeting_every_days=7, coordinator=coordinator
        )
        mentee = _enrolled(program, "mentee", coordinator)
        mentor = _enrolled(program, "mentor", coordinator)
        relationship, pair = request_relationship(
            program, mentee, mentor, None, "mentoring", ["Lead a design review"], "Please mentor me"
        )
        live(relationship, str(mentee.id), str(mentor.id), events)
    tandem.save(program, mentee, mentor, pair, relationship)
    moments = [e.timestamp for e in tandem.events.get(relationship.id)]
    mid_version = max(1, events * 11 // 20 - 1)
    return LongRelationship(
        relationship_id=relationship.id,
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        program_id=program.id,
        coordinator=coordinator,
        events=events,
        mid_version=mid_version,
        mid_moment=moments[mid_version - 1] + SPACING / 2,
    )


def _enrolled(program: Program, role: str, by: str) -> Participant:
    person = Participant(name=role, email=None, expertise=[], timezone=None, registered_by=by)
    person.enrol(program.id, [role], by=by)
    return person


def live(relationship: Relationship, mentee: str, mentor: str, events: int) -> None:
    """Takes a fresh request on through its life until it has `events` events (unsaved)."""
    steps = _life(relationship, Actor(mentee), Actor(mentor))
    while relationship.version < events:
        next(steps)


def _life(r: Relationship, mentee: Actor, mentor: Actor) -> Iterator[None]:
    """Acts out a long relationship, one event per step, for as long as it is asked to go on."""
    r.accept(mentor)
    yield
    r.propose_boundaries(mentee, 14, "video", ["salary"], "Cameras optional.")
    yield
    r.agree_boundaries(mentor)
    yield
    cycle = 0
    while True:
        cycle += 1
        meeting = r.schedule_meeting(mentor, r.modified_on + timedelta(days=3), 45, "video")
        yield
        r.prepare_agenda(mentee, meeting, [f"Topic {cycle}"], f"Reflection {cycle}", ["Focus"])
        yield
        r.hold_meeting(mentor, meeting, summary=f"We talked about topic {cycle}.")
        yield
        r.give_feedback(mentor, "performance", f"Well prepared, cycle {cycle}.", meeting)
        yield
        r.give_feedback(mentee, "relationship", f"Thank you, cycle {cycle}.", meeting)
        yield
        if cycle % 4 == 0:
            r.add_goal(mentee, f"Goal of cycle {cycle}")
            yield
        if cycle % 6 == 0 and (open_goals := [g.id for g in r.goal_list if not g.achieved_at]):
            r.achieve_goal(mentor, open_goals[0], note="Done.")
            yield
        if cycle % 9 == 0:
            extra = r.schedule_meeting(mentee, r.modified_on + timedelta(days=1), 30, "phone")
            yield
            r.cancel_meeting(mentor, extra, "Travelling.")
            yield
        if cycle % 25 == 0:
            r.propose_boundaries(mentor, 7 + cycle % 14, "in_person", ["salary", "health"])
            yield
            r.agree_boundaries(mentee)
            yield
        if cycle % 40 == 20:
            r.pause(mentee, "On leave.")
            yield
            r.resume(mentor)
            yield
        if cycle in (90, 100):
            peer = cycle == 90
            proposer, agreer = (mentee, mentor) if peer else (mentor, mentee)
            r.propose_mode(
                proposer, "peer" if peer else "mentoring", None if peer else r.invitee_id
            )
            yield
            r.agree_mode(agreer)
            yield


Reads = dict[str, Callable[[], object]]
Timing = tuple[float, float]


def in_process(tandem: Tandem, long: LongRelationship) -> Reads:
    """The service calls behind the four reads, as the mentee (who sees everything)."""
    mentee = Caller(str(long.mentee_id), frozenset({"participant"}))
    return {
        "current": lambda: ReadService(tandem).relationship(mentee, long.relationship_id),
        "as_of": lambda: ReadService(tandem).relationship(
            mentee, long.relationship_id, as_of=long.mid_moment
        ),
        "version": lambda: ReadService(tandem).relationship(
            mentee, long.relationship_id, version=long.mid_version
        ),
        "history": lambda: ReadService(tandem).history(mentee, long.relationship_id),
    }


def over_http(app: Any, long: LongRelationship) -> Reads:
    """The four reads as served by the Flask app, JSON answers included."""
    client = app.test_client()
    token = jwt.encode(
        {"sub": str(long.mentee_id), "roles": ["participant"], "exp": datetime.now(UTC) + HOUR},
        SECRET,
        algorithm="HS256",
    )
    path = f"/api/relationships/{long.relationship_id}"
    moment = quote(utc_text(long.mid_moment))
    paths = {
        "current": path,
        "as_of": f"{path}?as_of={moment}",
        "version": f"{path}?version={long.mid_version}",
        "history": f"{path}/history",
    }
    headers = {"Authorization": f"Bearer {token}"}

    def get(url: str) -> Callable[[], object]:
        def call() -> object:
            answer = client.get(url, headers=headers)
            assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
            return answer.get_data()

        return call

    return {name: get(url) for name, url in paths.items()}


def side_by_side(small: Reads, large: Reads, repeat: int) -> dict[str, tuple[Timing, Timing]]:
    """Each read timed for both sizes in turns, so a busy machine weighs on both alike."""
    figures = {}
    for name in small:
        timed(small[name], max(3, repeat // 10))  # warm up
        timed(large[name], max(3, repeat // 10))
        pairs = [(timed(small[name], 1)[0], timed(large[name], 1)[0]) for _ in range(repeat)]
        figures[name] = (percentiles([s for s, _ in pairs]), percentiles([lg for _, lg in pairs]))
    return figures


def report(title: str, sizes: tuple[int, int], figures: dict[str, tuple[Timing, Timing]]) -> None:
    s, lg = sizes
    columns = (f"p50 {s}", f"p99 {s}", f"p50 {lg}", f"p99 {lg}", "ratio p50")
    print(f"\n{title:<20}" + "".join(f"{c:>11}" for c in columns))
    for name, ((s50, s99), (l50, l99)) in figures.items():
        times = "".join(f"{t:>9.2f}ms" for t in (s50, s99, l50, l99))
        print(f"{name:<20}{times}{l50 / s50:>11.2f}")


def main() -> None:
    from web import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs=2, default=(10, 1000))
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--cipher", action="store_true", help="Encrypt at rest, as in production.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        key = AESCipher.create_key(num_bytes=32) if args.cipher else ""
        store = replace(Store.sqlite(Path(tmp)), cipher_key=key)
        app = create_app(Settings(store, secret_key=SECRET, follow_log=False))
        try:
            tandem = app.extensions["services"].tandem
            small, large = (build_long(tandem, n) for n in args.events)
            sizes = (small.events, large.events)
            in_services = side_by_side(
                in_process(tandem, small), in_process(tandem, large), args.repeat
            )
            report("in process", sizes, in_services)
            served = side_by_side(over_http(app, small), over_http(app, large), args.repeat)
            report("over HTTP (Flask)", sizes, served)
        finally:
            app.extensions["services"].close()


if __name__ == "__main__":
    main()
