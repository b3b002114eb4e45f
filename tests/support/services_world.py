"""The services world: a programme run by a coordinator, with people enrolled in it, made by
driving the services in-process (no HTTP), and the callers who act in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services import Caller, Command
from services.programmes import Programmes


def as_participant(participant_id: UUID) -> Command:
    return Command(Caller(str(participant_id), frozenset({"participant"})))


def as_coordinator(sub: str) -> Command:
    return Command(Caller(sub, frozenset({"coordinator"})))


@dataclass
class Programme:
    id: UUID
    coordinator: Command
    people: dict[str, UUID]

    def as_(self, name: str) -> Command:
        return as_participant(self.people[name])

    @classmethod
    def create(
        cls,
        programmes: Programmes,
        roles: dict[str, list[str]],
        name: str = "Graduates",
        coordinator: str = "coordinator-1",
        **settings: Any,
    ) -> Programme:
        """A programme run by `coordinator`; each person named in `roles` registered and
        enrolled with their roles, in that order."""
        by = as_coordinator(coordinator)
        program_id = programmes.create_program(by, name=name, **settings).aggregate.id
        people = {}
        for person, enrolled_as in roles.items():
            participant = programmes.register_participant(by, name=person).aggregate
            programmes.enrol(by, program_id, participant.id, enrolled_as)
            people[person] = participant.id
        return cls(program_id, by, people)
