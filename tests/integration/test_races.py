"""Racing clients on one SQLite file: exactly one wins each conflict, nothing is lost."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

from domain.errors import AlreadyOpen, InvalidTransition
from services import Command, Idempotency, Tandem
from services.mentoring import Mentoring
from services.reads import Reads
from tests.support.services_world import Programme

RACERS = 8


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Runs the calls at the same moment; each result is a value or the exception raised."""
    barrier = Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return call()
        except Exception as error:
            return error

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def request(tandem: Tandem, programme: Programme, command: Command | None = None) -> Any:
    return Mentoring(tandem).request_mentoring(
        command or programme.as_("Budi"),
        programme.id,
        programme.people["Ana"],
        "mentoring",
        ["Grow"],
        "Please",
    )


def outcomes(results: list[Any]) -> Counter[str]:
    return Counter(type(r).__name__ for r in results)


def test_racing_requests_for_one_pair_open_exactly_one_relationship(
    tandem: Tandem, programme: Programme
) -> None:
    results = race(*[lambda: request(tandem, programme)] * RACERS)

    assert outcomes(results) == {"Recorded": 1, "AlreadyOpen": RACERS - 1}
    assert all(isinstance(r, AlreadyOpen) for r in results if type(r).__name__ != "Recorded")


def test_accept_decline_and_withdraw_racing_leave_one_winner_and_contiguous_versions(
    tandem: Tandem, programme: Programme
) -> None:
    relationship_id = request(tandem, programme).aggregate.id
    ana, budi = programme.as_("Ana"), programme.as_("Budi")

    results = race(
        lambda: Mentoring(tandem).accept(ana, relationship_id),
        lambda: Mentoring(tandem).decline(ana, relationship_id, "Busy"),
        lambda: Mentoring(tandem).withdraw(budi, relationship_id),
    )

    assert outcomes(results)["Recorded"] == 1
    assert sum(isinstance(r, InvalidTransition) for r in results) == 2
    history = Reads(tandem).history(budi.caller, relationship_id)
    assert [event.version for event in history] == [1, 2]


def test_a_meeting_held_twice_at_once_is_recorded_once(
    tandem: Tandem, programme: Programme
) -> None:
    from datetime import UTC, datetime

    relationship_id = request(tandem, programme).aggregate.id
    ana, budi = programme.as_("Ana"), programme.as_("Budi")
    Mentoring(tandem).accept(ana, relationship_id)
    meeting_id = (
        Mentoring(tandem)
        .schedule_meeting(ana, relationship_id, datetime(2030, 1, 1, tzinfo=UTC), 30, "video")
        .part_id
    )
    assert meeting_id is not None

    results = race(
        *[lambda: Mentoring(tandem).hold_meeting(ana, relationship_id, meeting_id)] * (RACERS // 2),
        *[lambda: Mentoring(tandem).hold_meeting(budi, relationship_id, meeting_id)]
        * (RACERS // 2),
    )

    assert outcomes(results) == {"Recorded": 1, "InvalidTransition": RACERS - 1}
    types = [event.type for event in Reads(tandem).history(ana.caller, relationship_id)]
    assert types.count("MeetingHeld") == 1


def test_goals_added_by_racing_clients_are_all_kept(tandem: Tandem, programme: Programme) -> None:
    relationship_id = request(tandem, programme).aggregate.id
    ana = programme.as_("Ana")
    Mentoring(tandem).accept(ana, relationship_id)

    results = race(
        *[
            lambda i=i: Mentoring(tandem).add_goal(ana, relationship_id, f"Goal {i}")
            for i in range(RACERS)
        ]
    )

    assert outcomes(results) == {"Recorded": RACERS}
    state = Reads(tandem).relationship(ana.caller, relationship_id).relationship
    assert len(state.goals) == RACERS + 1
    assert state.version == 2 + RACERS


def test_one_idempotency_key_sent_twice_at_once_records_one_request(
    tandem: Tandem, programme: Programme
) -> None:
    keyed = Command(programme.as_("Budi").caller, idempotency=Idempotency("key-1", "same-body"))

    results = race(*[lambda: request(tandem, programme, keyed)] * RACERS)

    assert outcomes(results) == {"Recorded": RACERS}
    assert len({r.aggregate.id for r in results}) == 1
    assert len({r.position for r in results}) == 1
