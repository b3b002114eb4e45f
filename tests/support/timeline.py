"""A programme's story told day by day on the domain's clock, through the services: for tests
of what the past answers (health then, cohorts, backtests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain import clock
from services import Caller, Command
from services.wiring import Services
from tests.support.services_world import Programme

T0 = datetime(2024, 1, 8, 9, tzinfo=UTC)
ROLES = {
    "Ana": ["mentor"],
    "Budi": ["mentee", "mentor"],
    "Chen": ["mentee"],
    "Dara": ["mentor"],
    "Eko": ["mentee"],
}


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


class Story:
    """A fortnightly programme whose people (ROLES) were enrolled at T0."""

    def __init__(self, services: Services, coordinator: str = "coordinator-story") -> None:
        self.services, self.m = services, services.mentoring
        with clock.at(T0):
            self.programme = Programme.create(
                services.programmes,
                ROLES,
                name="Fortnightly",
                coordinator=coordinator,
                meeting_every_days=14,
            )
        self.coordinator = self.programme.coordinator
        self.program = self.programme.id
        self.people: dict[str, UUID] = self.programme.people

    @property
    def caller(self) -> Caller:
        return self.coordinator.caller

    def as_(self, name: str) -> Command:
        return self.programme.as_(name)

    @contextmanager
    def on(self, n: float) -> Iterator[None]:
        with clock.at(day(n)):
            yield

    def asks(self, mentee: str, mentor: str, on: float, accepted: float | None = None) -> UUID:
        """`mentee` asks `mentor` on day `on`, who accepts on day `accepted` if given."""
        with self.on(on):
            relationship = self.m.request_mentoring(
                self.as_(mentee), self.program, self.people[mentor], "mentoring", ["Grow"], "?"
            ).aggregate.id
        if accepted is not None:
            with self.on(accepted):
                self.m.accept(self.as_(mentor), relationship)
        return relationship

    def meets(self, relationship: UUID, on: float, by: str) -> None:
        """A meeting set for day `on` and held then, recorded that day by `by`."""
        with self.on(on):
            meeting = self.m.schedule_meeting(self.as_(by), relationship, day(on), 30, "video")
            assert meeting.part_id is not None
            self.m.hold_meeting(self.as_(by), relationship, meeting.part_id)

    def caught_up(self) -> Services:
        self.services.projector.catch_up()
        return self.services
