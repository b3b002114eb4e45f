"""A commit whose answer was lost may land only after the service asked the store about it:
the command, tried again, is then refused by the state its own first attempt made. It must be
answered as recorded, once, not refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from services import Tandem
from services.mentoring import Mentoring
from tests.support.services_world import Programme


def test_a_command_whose_commit_lands_after_the_lookup_is_answered_as_recorded(
    tandem: Tandem, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentoring = Mentoring(tandem)
    ana, budi = programme.as_("Ana"), programme.as_("Budi")
    asked = mentoring.request_mentoring(
        budi, programme.id, programme.people["Ana"], "mentoring", ["Grow"], "Hi"
    )
    relationship = asked.aggregate.id
    mentoring.accept(ana, relationship)
    meeting = mentoring.schedule_meeting(
        ana, relationship, datetime(2030, 1, 7, tzinfo=UTC), 45, "video"
    ).part_id
    assert meeting is not None
    save, lookup = tandem.save, tandem.commands.command
    in_flight: list[tuple[Any, Any]] = []

    def lose_the_answer(*objects: Any, **kwargs: Any) -> Any:
        if not in_flight:
            in_flight.append((objects, kwargs))
            raise OperationalError("server closed the connection unexpectedly")
        return save(*objects, **kwargs)

    def land_after_the_first_lookup(command_id: Any) -> Any:
        found = lookup(command_id)
        if in_flight and found is None:
            objects, kwargs = in_flight[0]
            save(*objects, **kwargs)  # the lost commit lands now, after the store was asked
        return found

    monkeypatch.setattr(tandem, "save", lose_the_answer)
    monkeypatch.setattr(tandem.commands, "command", land_after_the_first_lookup)

    held = mentoring.hold_meeting(ana, relationship, meeting, summary="Went well")

    assert held.aggregate.meetings[meeting].status.value == "held"
    kinds = [type(event).__name__ for event in tandem.events.get(relationship)]
    assert kinds.count("MeetingHeld") == 1
