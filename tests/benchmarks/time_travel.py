"""Benchmark: a programme's past costs what its present costs (make bench, section 6).

Builds a log of relationships lived over two years on the domain's clock: a programme of a
tenth of them and one of a hundredth (10,000 and 1,000 in a log of 100,000) whose requests are
spread over the whole span, the rest in programmes of 1,000. Each relationship lives about 20
events over three months: most are accepted, agree boundaries (weekly, fortnightly or every
three weeks), meet four times, set and reach a goal and give feedback; a third conclude, a
third pause, a tenth are declined. So the middle of the log finds each programme with
relationships at every stage, and its rows with a long history behind and ahead.

Then, over HTTP against `tandem serve` (tests/benchmarks/load.py `asks`): each programme's
status now and as of the middle of the log, its cohorts now and then, and for insight a backtest
of a quarter and one relationship's changes; and the temporal tables' size per event stored.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from domain import Participant, Program, Relationship, clock, request_relationship
from domain.values import Actor
from services.history import utc_text
from services.wiring import Services

SPAN = timedelta(days=730)  # the requests of the log, oldest to newest
LIFE = timedelta(days=90)
FILLER = 1000  # relationships in each of the other programmes
TEMPORAL = (
    "view_relationship_history",
    "view_relationship_history_from",
    "view_relationship_history_to",
    "view_meeting_history",
    "view_meeting_history_from",
    "view_meeting_history_to",
    "view_meeting_history_due",
    "view_rel_valid",
    "view_program_counts",
    "view_became_mentors",
    "view_became_mentors_mentor",
)
PRIMARY_KEYS = {  # the indexes of the counts' primary keys, as each store names them
    "sqlite": ("sqlite_autoindex_view_program_counts_1", "sqlite_autoindex_view_became_mentors_1"),
    "postgres": ("view_program_counts_pkey", "view_became_mentors_pkey"),
}


@dataclass(frozen=True)
class SpreadLog:
    """What was built: the two programmes measured, their coordinators, and moments."""

    big: str
    small: str
    big_coordinator: str
    small_coordinator: str
    relationships: dict[str, int]
    middle: str
    quarter_from: str
    quarter_to: str
    sample: str  # a relationship of the small programme, and a party to it
    sample_party: str

    @classmethod
    def read(cls, path: Path) -> SpreadLog:
        return cls(**json.loads(path.read_text()))

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))


class Programmes:
    """The log's programmes, each with enough mentors and mentees that no pair repeats."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.people: dict[str, tuple[Program, list[Participant], list[Participant]]] = {}
        self.counts: dict[str, int] = {}

    def open(self, name: str, size: int, at: datetime) -> Program:
        side = max(10, math.ceil(math.sqrt(size)))
        coordinator = f"coordinator-{name}"
        with clock.at(at):
            program = Program(
                name=name, description=None, meeting_every_days=14, coordinator=coordinator
            )
            mentors = [_person(program, "mentor", coordinator) for _ in range(side)]
            mentees = [_person(program, "mentee", coordinator) for _ in range(side)]
        self.services.tandem.save(program, *mentors, *mentees)
        self.people[name] = (program, mentees, mentors)
        self.counts[name] = 0
        return program

    def next_pair(self, name: str) -> tuple[Program, Participant, Participant]:
        program, mentees, mentors = self.people[name]
        n = self.counts[name]
        self.counts[name] = n + 1
        return program, mentees[n % len(mentees)], mentors[(n // len(mentees)) % len(mentors)]


def _person(program: Program, role: str, by: str) -> Participant:
    person = Participant(name=role, email=None, expertise=[], timezone=None, registered_by=by)
    person.enrol(program.id, [role], by=by)
    return person


def build_spread(services: Services, relationships: int, now: datetime) -> SpreadLog:
    """Saves the log; answers what the benchmark asks about."""
    start = now - SPAN - LIFE - timedelta(days=10)
    step = SPAN / max(1, relationships)
    programmes = Programmes(services)
    big_size, small_size = max(1, relationships // 10), max(1, relationships // 100)
    big = programmes.open("big", big_size, start)
    small = programmes.open("small", small_size, start)
    batch: list[Any] = []
    sample: tuple[str, str] | None = None
    for i in range(relationships):
        if i % 100 == 5 and programmes.counts["small"] < small_size:
            name = "small"
        elif i % 10 == 0 and programmes.counts["big"] < big_size:
            name = "big"
        else:
            name = f"filler-{programmes.counts.get('filler', 0) // FILLER}"
            programmes.counts["filler"] = programmes.counts.get("filler", 0) + 1
            if name not in programmes.people:
                programmes.open(name, FILLER, start)
        program, mentee, mentor = programmes.next_pair(name)
        relationship, pair = _lived(program, mentee, mentor, i, start + i * step)
        if name == "small" and sample is None:
            sample = (str(relationship.id), str(mentee.id))
        batch += [relationship, pair]
        if len(batch) >= 400:
            services.tandem.save(*batch)
            batch = []
    if batch:
        services.tandem.save(*batch)
    assert sample is not None
    middle = start + SPAN / 2
    return SpreadLog(
        big=str(big.id),
        small=str(small.id),
        big_coordinator=big.coordinators[0],
        small_coordinator=small.coordinators[0],
        relationships={"big": programmes.counts["big"], "small": programmes.counts["small"]},
        middle=utc_text(middle),
        quarter_from=utc_text(middle - timedelta(days=45)),
        quarter_to=utc_text(middle + timedelta(days=45)),
        sample=sample[0],
        sample_party=sample[1],
    )


def _lived(
    program: Program, mentee: Participant, mentor: Participant, i: int, asked: datetime
) -> tuple[Relationship, Any]:
    """About 20 events over three months, each at its own moment of the simulated clock."""
    me, you = Actor(str(mentee.id)), Actor(str(mentor.id))

    def on(days: float) -> Any:
        return clock.at(asked + timedelta(days=days))

    with on(0):
        relationship, pair = request_relationship(
            program, mentee, mentor, None, "mentoring", ["Grow", "Lead"], "Please"
        )
    if i % 10 == 9:
        with on(1):
            relationship.decline(you, "Not this quarter")
        return relationship, pair
    with on(1):
        relationship.accept(you)
    with on(2):
        relationship.propose_boundaries(me, 7 * (1 + i % 3), "video", ["pay"], None)
        relationship.agree_boundaries(you)
        goal = relationship.add_goal(me, "Speak up")
    for k in range(4):
        with on(3 + 14 * k):
            meeting = relationship.schedule_meeting(
                you, asked + timedelta(days=5 + 14 * k), 30, "video"
            )
        with on(5 + 14 * k + (9 if i % 7 == 0 else 0)):
            relationship.hold_meeting(me, meeting)
            relationship.give_feedback(you if k % 2 else me, "performance", "Good")
    with on(60):
        relationship.achieve_goal(you, goal)
    if i % 3 == 0:
        with on(80):
            outcomes = ("goals_met", "no_longer_needed", "mismatch", "other")
            relationship.conclude(me, outcomes[i % 4])
    elif i % 3 == 1:
        with on(70):
            relationship.pause(me, "Exams")
    else:
        with on(70):
            relationship.schedule_meeting(you, asked + timedelta(days=75), 30, "video")
    return relationship, pair


def asks(log: SpreadLog, repeat: int) -> dict[str, dict[str, Any]]:
    """What the load generator times (`asks`): name -> path, caller, method, body, repeat."""
    found: dict[str, dict[str, Any]] = {}
    middle = quote(log.middle)
    for size, program, sub in (
        ("small", log.small, log.small_coordinator),
        ("big", log.big, log.big_coordinator),
    ):
        base = f"/api/programs/{program}"
        ask = {"sub": sub, "role": "coordinator", "repeat": repeat}
        found[f"status now {size}"] = {**ask, "path": f"{base}/status"}
        found[f"status as_of {size}"] = {**ask, "path": f"{base}/status?as_of={middle}"}
        found[f"cohorts now {size}"] = {**ask, "path": f"{base}/cohorts"}
        found[f"cohorts as_of {size}"] = {**ask, "path": f"{base}/cohorts?as_of={middle}"}
        found[f"backtest {size}"] = {
            **ask,
            "repeat": max(3, repeat // 20),
            "method": "POST",
            "path": f"{base}/backtests",
            "body": {
                "check_in_after_days": 10,
                "from": log.quarter_from,
                "to": log.quarter_to,
            },
        }
    found["changes"] = {
        "sub": log.sample_party,
        "role": "participant",
        "repeat": repeat,
        "path": f"/api/relationships/{log.sample}/changes?from=0",
    }
    return found


def temporal_bytes(services: Services, kind: str) -> int:
    """The bytes the temporal tables and their indexes take (and the index of current rows by
    validity, and the programme counts kept over time): SQLite's dbstat, PostgreSQL's relation
    sizes."""
    measured = (*TEMPORAL, *PRIMARY_KEYS[kind])
    if kind == "sqlite":
        names = ", ".join(f"'{name}'" for name in measured)
        sql = f"SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN ({names})"
    else:
        sizes = " + ".join(f"pg_relation_size('{name}')" for name in measured)
        sql = f"SELECT {sizes} AS bytes"
    return int(services.views.fetch(sql, {})[0]["bytes"] or 0)


def events_stored(services: Services) -> int:
    return int(services.tandem.recorder.max_notification_id() or 0)


def project(services: Services) -> float:
    """Catches the views up with the log; answers events per second."""
    started = time.perf_counter()
    events = services.projector.catch_up()
    return events / max(time.perf_counter() - started, 1e-9)
