"""How the demo is seeded: steps at their moments, each a command with a fixed key.

Each step of the demo is a command with a fixed Idempotency-Key, run with the domain's clock set
to the step's moment, in order of time. So seeding is safe to interrupt and run again: a re-run
finds the recorded steps in the store (their keys answer as they were answered, recording
nothing) and records only the missing ones, on the same timeline, which is dated from the
programme's creation as first recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain import clock
from services.idempotency import Idempotency
from services.mentoring import Mentoring
from services.policy import Caller
from services.programmes import Programmes
from services.tandem import Tandem
from services.unit_of_work import Command, Recorded

COORDINATOR = "coordinator@demo"
STAFF = {
    "COORDINATOR": (COORDINATOR, "coordinator"),
    "AUDITOR": ("auditor@demo", "auditor"),
    "ADMIN": ("admin@demo", "admin"),
}
PEOPLE = {
    "Ana": ["mentor"],
    "Sam": ["mentor"],
    "Budi": ["mentee", "mentor"],
    "Lina": ["mentee"],
    "Tomas": ["mentee"],
    "Chen": ["peer"],
    "Dara": ["peer"],
    "Eli": ["peer"],
}
HISTORY = timedelta(days=240)  # the programme started about eight months before the demo's day
KEYS = "tandem-demo"  # the prefix of every demo command's Idempotency-Key


@dataclass
class Demo:
    program_id: UUID
    people: dict[str, UUID]
    relationships: dict[str, UUID] = field(default_factory=dict)
    today: datetime = field(default_factory=lambda: midnight(datetime.now(UTC)))

    @property
    def as_of(self) -> datetime:
        """The last second of the quarter before the demo's day: a date for reports "as of"."""
        quarter_start = self.today.replace(month=(self.today.month - 1) // 3 * 3 + 1, day=1)
        return quarter_start - timedelta(seconds=1)


def midnight(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


Step = Callable[[Command], Recorded[Any]]


@dataclass(frozen=True, order=True)
class Planned:
    moment: datetime
    order: int
    key: str = field(compare=False)
    who: str = field(compare=False)
    step: Step = field(compare=False)
    then: Callable[[Recorded[Any]], None] = field(compare=False)


class Seeding:
    """The demo's steps, each at its moment; `run` takes them in order of time."""

    def __init__(self, tandem: Tandem, demo: Demo) -> None:
        self.tandem = tandem
        self.programmes = Programmes(tandem)
        self.mentoring = Mentoring(tandem)
        self.demo = demo
        self._planned: list[Planned] = []
        self._keys: set[str] = set()

    def ago(self, days: int, hour: int = 10) -> datetime:
        """A moment `days` before the demo's day, at `hour` UTC: always in the past."""
        assert days >= 1 and 0 <= hour <= 23
        return self.demo.today - timedelta(days=days) + timedelta(hours=hour)

    def ahead(self, days: int, hour: int = 10) -> datetime:
        return self.demo.today + timedelta(days=days, hours=hour)

    def person(self, name: str) -> UUID:
        return self.demo.people[name]

    def on(
        self,
        moment: datetime,
        key: str,
        who: str,
        step: Step,
        then: Callable[[Recorded[Any]], None] = lambda _: None,
    ) -> None:
        """`who` (a person's name, or COORDINATOR) does `step` at `moment`."""
        assert key not in self._keys, f"two demo steps are keyed {key}"
        self._keys.add(key)
        self._planned.append(Planned(moment, len(self._planned), key, who, step, then))

    def run(self) -> None:
        """In order of time, so each aggregate's events are stamped in the order of its versions."""
        for planned in sorted(self._planned):
            with clock.at(planned.moment):
                planned.then(planned.step(self.command(planned.who, planned.key)))

    def command(self, who: str, key: str) -> Command:
        """A command whose key makes a re-run answer it from the store instead of repeating it."""
        if who == COORDINATOR:
            caller = Caller(COORDINATOR, frozenset({"coordinator"}))
        else:
            caller = Caller(str(self.person(who)), frozenset({"participant"}))
        return Command(caller, idempotency=Idempotency(f"{KEYS}/{key}", f"{KEYS}/{key}"))


class Life:
    """One relationship's steps: requested, answered, met, shifted, ended."""

    def __init__(self, seeding: Seeding, key: str) -> None:
        self.seeding = seeding
        self.key = key
        self.meetings: dict[int, UUID] = {}
        self.goals: list[UUID] = []

    @property
    def id(self) -> UUID:
        return self.seeding.demo.relationships[self.key]

    def request(
        self, requester: str, invitee: str, kind: str, goals: list[str], moment: datetime
    ) -> None:
        def request(command: Command) -> Recorded[Any]:
            return self.seeding.mentoring.request_mentoring(
                command,
                self.seeding.demo.program_id,
                self.seeding.person(invitee),
                kind,
                goals,
                f"{invitee}, I would value learning from you.",
            )

        def remember(recorded: Recorded[Any]) -> None:
            self.seeding.demo.relationships[self.key] = recorded.aggregate.id
            self._saw(recorded)

        self.seeding.on(moment, f"{self.key}/request", requester, request, remember)

    def do(self, moment: datetime, who: str, name: str, *args: Any, step: str = "") -> None:
        """`who` calls the service's command `name` on this relationship with `args` (an arg
        that is a function is called when the step runs: for ids not known before)."""

        def act(command: Command) -> Recorded[Any]:
            values = [arg() if callable(arg) else arg for arg in args]
            return getattr(self.seeding.mentoring, name)(command, self.id, *values)  # type: ignore[no-any-return]

        self.seeding.on(moment, f"{self.key}/{step or name}", who, act, self._saw)

    def achieve(self, moment: datetime, who: str, goal: int, note: str) -> None:
        def act(command: Command) -> Recorded[Any]:
            return self.seeding.mentoring.achieve_goal(command, self.id, self.goals[goal], note)

        self.seeding.on(moment, f"{self.key}/goal-{goal}/achieve", who, act, self._saw)

    def schedule(self, moment: datetime, who: str, n: int, when: datetime, mode: str) -> None:
        def act(command: Command) -> Recorded[Any]:
            return self.seeding.mentoring.schedule_meeting(command, self.id, when, 45, mode)

        def remember(recorded: Recorded[Any]) -> None:
            assert recorded.part_id is not None
            self.meetings[n] = recorded.part_id

        self.seeding.on(moment, f"{self.key}/meeting-{n}/schedule", who, act, remember)

    def on_meeting(self, moment: datetime, who: str, n: int, name: str, *args: Any) -> None:
        """`who` calls the service's command `name` on meeting `n` with `args`."""

        def act(command: Command) -> Recorded[Any]:
            call = getattr(self.seeding.mentoring, name)
            return call(command, self.id, self.meetings[n], *args)  # type: ignore[no-any-return]

        self.seeding.on(moment, f"{self.key}/meeting-{n}/{name}", who, act)

    def feedback(self, moment: datetime, who: str, n: int, about: str, content: str) -> None:
        def act(command: Command) -> Recorded[Any]:
            meeting = self.meetings[n]
            return self.seeding.mentoring.give_feedback(command, self.id, about, content, meeting)

        self.seeding.on(moment, f"{self.key}/meeting-{n}/feedback-from-{who}", who, act)

    def _saw(self, recorded: Recorded[Any]) -> None:
        self.goals = list(recorded.aggregate.goals)
