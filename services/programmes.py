"""Programmes, participants and enrolments: what coordinators set up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import Participant, Program
from domain.errors import InvalidReference, NotAllowed
from services import policy
from services.policy import Caller, refusal
from services.tandem import Tandem
from services.unit_of_work import Command, Recorded, UnitOfWork, create

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Programmes:
    app: Tandem

    def create_program(
        self,
        command: Command,
        name: str,
        description: str | None = None,
        meeting_every_days: int | None = None,
        retain_private_text_days: int | None = None,
    ) -> Recorded[Program]:
        """A new programme; whoever creates it coordinates it."""
        return self._set_up(
            command,
            "create programmes",
            lambda: Program(
                name=name,
                description=description,
                meeting_every_days=meeting_every_days,
                coordinator=command.caller.sub,
                retain_private_text_days=retain_private_text_days,
            ),
        )

    def change_program(
        self, command: Command, program_id: UUID, **changes: Any
    ) -> Recorded[Program]:
        """Changes any of its fields, for its coordinators and admins; unchanged ones stay
        (changing none records nothing and answers the programme as it is)."""
        work: UnitOfWork[Program] = UnitOfWork(self.app, command)
        while work.pending():
            with work.attempt():
                program = self.program(command.caller, program_id)
                work.check_if_match(program)
                program.change(by=command.caller.sub, **changes)
                if not program.pending_events:
                    position = self.app.commands.position_of(program.id, program.version)
                    return Recorded(program, position or 0)
                work.save(program)
        return work.recorded

    def program(self, caller: Caller, program_id: UUID) -> Program:
        program: Program = self.app.load(Program, program_id)
        if not policy.may_coordinate(caller, program):
            raise refusal(caller, f"program {program_id}")
        return program

    def register_participant(
        self,
        command: Command,
        name: str,
        email: str | None = None,
        expertise: list[str] | None = None,
        timezone: str | None = None,
        locale: str | None = None,
    ) -> Recorded[Participant]:
        return self._set_up(
            command,
            "register participants",
            lambda: Participant(
                name=name,
                email=email,
                expertise=list(expertise or []),
                timezone=timezone,
                registered_by=command.caller.sub,
                locale=locale,
            ),
        )

    def participant(self, caller: Caller, participant_id: UUID) -> Participant:
        participant: Participant = self.app.load(Participant, participant_id)
        programs = (self.app.load(Program, program_id) for program_id in participant.enrolments)
        if not policy.may_read_participant(caller, participant, lambda: programs):
            raise refusal(caller, f"participant {participant_id}")
        return participant

    def enrol(
        self, command: Command, program_id: UUID, participant_id: UUID, roles: list[str]
    ) -> Recorded[Participant]:
        """Enrolling again in the same programme replaces the roles held there."""
        work: UnitOfWork[Participant] = UnitOfWork(self.app, command)
        while work.pending():
            with work.attempt():
                program = self.program(command.caller, program_id)
                participant = self.app.find(Participant, participant_id)
                if participant is None:
                    raise InvalidReference("participant_id", "No such participant.")
                participant.enrol(program.id, roles, by=command.caller.sub)
                work.save(participant, part_id=program.id)
        return work.recorded

    def _set_up(self, command: Command, doing: str, make: Callable[[], A]) -> Recorded[A]:
        """Programmes and participants are set up by coordinators and admins."""
        if not policy.may_set_up(command.caller):
            raise NotAllowed(f"Only coordinators and admins {doing}.")
        return create(self.app, command, make)
