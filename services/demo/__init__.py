"""A demo programme with eight months of history, for trying Tandem out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain import clock
from services.demo.seeding import COORDINATOR, HISTORY, PEOPLE, STAFF, Demo, Seeding, midnight
from services.demo.story import tell
from services.tandem import Tandem

__all__ = ["HISTORY", "PEOPLE", "STAFF", "Demo", "seed"]


def seed(tandem: Tandem, now: datetime | None = None) -> Demo:
    """Creates the demo in the store, completes it, or finds it whole: the same ids each time."""
    first_day = midnight(now or datetime.now(UTC)) - HISTORY + timedelta(hours=9)
    seeding = Seeding(tandem, Demo(UUID(int=0), {}))
    with clock.at(first_day):
        program = seeding.programmes.create_program(
            seeding.command(COORDINATOR, "programme"),
            name="Graduate Engineers",
            description="First-year engineers and the colleagues who mentor them.",
            meeting_every_days=14,
        ).aggregate
    # A re-run answers with the programme as first recorded, so the timeline is the same.
    seeding.demo = Demo(program.id, {}, today=midnight(program.created_on) + HISTORY)
    tell(seeding)
    seeding.run()
    return seeding.demo
