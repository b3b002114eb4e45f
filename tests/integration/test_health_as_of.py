"""Health as of a moment, from the temporal views: with the boundaries in force then, and the
meetings scheduled then, however they turned out since; on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain import clock
from services import Caller, Command
from services.coordination import ListQuery
from services.store import Store
from services.wiring import Services, open_services

T0 = datetime(2024, 3, 4, 9, tzinfo=UTC)
COORDINATOR = Command(Caller("coordinator-h", frozenset({"coordinator"})))


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def as_(person: UUID) -> Command:
    return Command(Caller(str(person), frozenset({"participant"})))


class Pair:
    """Budi asks Ana for mentoring in a fortnightly programme, and she accepts, at T0."""

    def __init__(self, services: Services) -> None:
        self.services = services
        programmes, mentoring = services.programmes, services.mentoring
        with clock.at(T0):
            self.program = programmes.create_program(
                COORDINATOR, name="Fortnightly", meeting_every_days=14
            ).aggregate.id
            self.ana, self.budi = (
                programmes.register_participant(COORDINATOR, name=name).aggregate.id
                for name in ("Ana", "Budi")
            )
            programmes.enrol(COORDINATOR, self.program, self.ana, ["mentor"])
            programmes.enrol(COORDINATOR, self.program, self.budi, ["mentee"])
            self.id = mentoring.request_mentoring(
                as_(self.budi), self.program, self.ana, "mentoring", ["Lead"], "Please"
            ).aggregate.id
            mentoring.accept(as_(self.ana), self.id)

    def health_then(self, moment: datetime) -> tuple[str | None, dict[str, int]]:
        """Its health in the list, and the programme's health buckets, as of `moment`."""
        self.services.projector.catch_up()
        caller = COORDINATOR.caller
        coordination = self.services.coordination
        listed = coordination.relationships(caller, ListQuery(self.program, as_of=moment))
        status = coordination.program_status_as_of(caller, self.program, moment)
        return listed.items[0]["health"], status["health"]


@pytest.fixture
def services(store: Store) -> Iterator[Services]:
    opened = open_services(store, follow_log=False)
    yield opened
    opened.close()


def test_health_then_is_judged_by_the_boundaries_in_force_then(services: Services) -> None:
    pair = Pair(services)
    mentoring = services.mentoring
    with clock.at(day(1)):
        mentoring.propose_boundaries(as_(pair.budi), pair.id, 7, "video", [])
        mentoring.agree_boundaries(as_(pair.ana), pair.id)
        meeting = mentoring.schedule_meeting(as_(pair.ana), pair.id, day(1), 30, "video")
        assert meeting.part_id is not None
        mentoring.hold_meeting(as_(pair.budi), pair.id, meeting.part_id)
    with clock.at(day(20)):
        mentoring.propose_boundaries(as_(pair.budi), pair.id, 30, "video", [])
        mentoring.agree_boundaries(as_(pair.ana), pair.id)

    ten_days_in = pair.health_then(day(10))
    six_days_in = pair.health_then(day(6))
    a_month_in = pair.health_then(day(30))

    assert ten_days_in == ("needs_check_in", {"too_early": 0, "on_track": 0, "needs_check_in": 1})
    assert six_days_in[0] == "on_track"
    assert a_month_in[0] == "on_track"  # 29 days since the meeting, every 30 days agreed by then


def test_a_meeting_scheduled_then_kept_it_on_track_then_however_it_turned_out(
    services: Services,
) -> None:
    pair = Pair(services)
    mentoring = services.mentoring
    with clock.at(day(20)):
        held = mentoring.schedule_meeting(as_(pair.ana), pair.id, day(30), 30, "video").part_id
        cancelled = mentoring.schedule_meeting(as_(pair.ana), pair.id, day(32), 30, "video").part_id
        assert held is not None and cancelled is not None
    with clock.at(day(31)):
        mentoring.hold_meeting(as_(pair.budi), pair.id, held, held_at=day(30))
        mentoring.cancel_meeting(as_(pair.budi), pair.id, cancelled, "Ill")

    before_scheduling = pair.health_then(day(19))
    while_scheduled = pair.health_then(day(25))
    upcoming = services.coordination.program_status_as_of(
        COORDINATOR.caller, pair.program, day(25)
    )["meetings"]
    since = services.coordination.program_status_as_of(COORDINATOR.caller, pair.program, day(31))[
        "meetings"
    ]

    assert before_scheduling[0] == "needs_check_in"  # accepted 19 days before, none held
    assert while_scheduled[0] == "on_track"
    assert upcoming == {"held": 0, "cancelled": 0, "upcoming": 2}
    assert since == {"held": 1, "cancelled": 1, "upcoming": 0}
