"""Services on a real SQLite file, driven directly: no HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest

from services import Caller, Command, Tandem, open_tandem
from services.programmes import Programmes


@pytest.fixture
def tandem(tmp_path: Path) -> Iterator[Tandem]:
    app = open_tandem(tmp_path)
    yield app
    app.close()


def as_participant(participant_id: UUID) -> Command:
    return Command(Caller(str(participant_id), frozenset({"participant"})))


@dataclass
class Programme:
    id: UUID
    coordinator: Command
    people: dict[str, UUID]

    def as_(self, name: str) -> Command:
        return as_participant(self.people[name])


@pytest.fixture
def programme(tandem: Tandem) -> Programme:
    coordinator = Command(Caller("coordinator-1", frozenset({"coordinator"})))
    program = Programmes(tandem).create_program(coordinator, name="Graduates").aggregate
    people = {}
    for name, roles in {"Ana": ["mentor"], "Budi": ["mentee"], "Chen": ["mentee"]}.items():
        person = Programmes(tandem).register_participant(coordinator, name=name).aggregate
        Programmes(tandem).enrol(coordinator, program.id, person.id, roles)
        people[name] = person.id
    return Programme(program.id, coordinator, people)
