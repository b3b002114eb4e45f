"""Programmes, participants and enrolments: what coordinators set up."""

from __future__ import annotations

from uuid import UUID

from domain import Participant, Program
from domain.errors import InvalidReference
from services.application import Change, Core, Recorded
from services.policy import Caller, Command, refusal


class Programmes(Core):
    def create_program(
        self,
        command: Command,
        name: str,
        description: str | None = None,
        meeting_every_days: int | None = None,
    ) -> Recorded[Program]:
        def attempt() -> Change[Program]:
            return Change(
                Program(
                    name=name,
                    description=description,
                    meeting_every_days=meeting_every_days,
                    coordinator=command.caller.sub,
                )
            )

        return self._execute(command, attempt)

    def program(self, caller: Caller, program_id: UUID) -> Program:
        program = self._get(Program, program_id)
        if not caller.coordinates(program):
            raise refusal(caller, f"program {program_id}")
        return program

    def register_participant(
        self,
        command: Command,
        name: str,
        email: str | None = None,
        expertise: list[str] | None = None,
        timezone: str | None = None,
    ) -> Recorded[Participant]:
        def attempt() -> Change[Participant]:
            return Change(
                Participant(
                    name=name,
                    email=email,
                    expertise=list(expertise or []),
                    timezone=timezone,
                    registered_by=command.caller.sub,
                )
            )

        return self._execute(command, attempt)

    def participant(self, caller: Caller, participant_id: UUID) -> Participant:
        participant = self._get(Participant, participant_id)
        if not self._may_see_participant(caller, participant):
            raise refusal(caller, f"participant {participant_id}")
        return participant

    def _may_see_participant(self, caller: Caller, participant: Participant) -> bool:
        if caller.is_admin or caller.participant_id == participant.id:
            return True
        if "coordinator" not in caller.roles:
            return False
        if not participant.enrolments:  # until enrolled, whoever registered them looks after them
            return participant.registered_by == caller.sub
        return any(
            self._get(Program, program_id).is_coordinated_by(caller.sub)
            for program_id in participant.enrolments
        )

    def enrol(
        self, command: Command, program_id: UUID, participant_id: UUID, roles: list[str]
    ) -> Recorded[Participant]:
        def attempt() -> Change[Participant]:
            program = self.program(command.caller, program_id)
            participant = self._find(Participant, participant_id)
            if participant is None:
                raise InvalidReference("participant_id", "No such participant.")
            participant.enrol(program.id, roles, by=command.caller.sub)
            return Change(participant, part_id=program.id)

        return self._execute(command, attempt)
