"""Relationship commands: one method per thing a party or coordinator does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import OpenPair, Participant, Program, Relationship, request_relationship
from domain.errors import InvalidReference, NotAllowed
from services.application import Change, Core, Recorded
from services.errors import PreconditionFailed
from services.policy import Caller, Command, refusal


@dataclass(frozen=True)
class Actor:
    by: str
    as_coordinator: bool


Act = Callable[[Relationship, Actor], UUID | None]


class Mentoring(Core):
    def request_mentoring(
        self,
        command: Command,
        program_id: UUID,
        invitee_id: UUID,
        kind: str,
        goals: list[str],
        message: str,
    ) -> Recorded[Relationship]:
        def attempt() -> Change[Relationship]:
            program = self._find(Program, program_id)
            if program is None:
                raise InvalidReference("program_id", "No such program.")
            requester_id = command.caller.participant_id
            requester = requester_id and self._find(Participant, requester_id)
            if not requester:
                raise NotAllowed("Only participants enrolled in the programme can request.")
            invitee = self._find(Participant, invitee_id)
            pair = self._find(OpenPair, OpenPair.create_id(program_id, [requester.id, invitee_id]))
            relationship, pair = request_relationship(
                program, requester, invitee, pair, kind, goals, message
            )
            return Change(relationship, [pair])

        return self._execute(command, attempt)

    def accept(
        self, command: Command, relationship_id: UUID, message: str | None = None
    ) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.accept(a.by, message))

    def decline(
        self, command: Command, relationship_id: UUID, reason: str
    ) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.decline(a.by, reason))

    def withdraw(
        self, command: Command, relationship_id: UUID, reason: str | None = None
    ) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.withdraw(a.by, reason))

    def propose_boundaries(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_every_days: int,
        channel: str,
        confidential_topics: list[str],
        notes: str | None = None,
    ) -> Recorded[Relationship]:
        return self._act(
            command,
            relationship_id,
            lambda r, a: r.propose_boundaries(
                a.by, meeting_every_days, channel, confidential_topics, notes
            ),
        )

    def agree_boundaries(self, command: Command, relationship_id: UUID) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.agree_boundaries(a.by))

    def add_goal(
        self, command: Command, relationship_id: UUID, text: str
    ) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.add_goal(a.by, text))

    def achieve_goal(
        self, command: Command, relationship_id: UUID, goal_id: UUID, note: str | None = None
    ) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.achieve_goal(a.by, goal_id, note))

    def schedule_meeting(
        self,
        command: Command,
        relationship_id: UUID,
        scheduled_for: datetime,
        duration_minutes: int,
        mode: str,
    ) -> Recorded[Relationship]:
        return self._act(
            command,
            relationship_id,
            lambda r, a: r.schedule_meeting(a.by, scheduled_for, duration_minutes, mode),
        )

    def prepare_agenda(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_id: UUID,
        topics: list[str],
        progress_reflection: str,
        development_areas: list[str],
    ) -> Recorded[Relationship]:
        return self._act(
            command,
            relationship_id,
            lambda r, a: r.prepare_agenda(
                a.by, meeting_id, topics, progress_reflection, development_areas
            ),
        )

    def hold_meeting(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_id: UUID,
        held_at: datetime | None = None,
        summary: str | None = None,
    ) -> Recorded[Relationship]:
        return self._act(
            command,
            relationship_id,
            lambda r, a: r.hold_meeting(a.by, meeting_id, held_at, summary),
        )

    def cancel_meeting(
        self, command: Command, relationship_id: UUID, meeting_id: UUID, reason: str
    ) -> Recorded[Relationship]:
        return self._act(
            command, relationship_id, lambda r, a: r.cancel_meeting(a.by, meeting_id, reason)
        )

    def give_feedback(
        self,
        command: Command,
        relationship_id: UUID,
        about: str,
        content: str,
        meeting_id: UUID | None = None,
    ) -> Recorded[Relationship]:
        return self._act(
            command, relationship_id, lambda r, a: r.give_feedback(a.by, about, content, meeting_id)
        )

    def propose_mode(
        self, command: Command, relationship_id: UUID, mode: str, mentor_id: UUID | None = None
    ) -> Recorded[Relationship]:
        return self._act(
            command, relationship_id, lambda r, a: r.propose_mode(a.by, mode, mentor_id)
        )

    def agree_mode(self, command: Command, relationship_id: UUID) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.agree_mode(a.by))

    def pause(
        self, command: Command, relationship_id: UUID, reason: str, until: datetime | None = None
    ) -> Recorded[Relationship]:
        return self._act(
            command, relationship_id, lambda r, a: r.pause(a.by, reason, until, a.as_coordinator)
        )

    def resume(self, command: Command, relationship_id: UUID) -> Recorded[Relationship]:
        return self._act(command, relationship_id, lambda r, a: r.resume(a.by, a.as_coordinator))

    def conclude(
        self, command: Command, relationship_id: UUID, outcome: str, reflection: str | None = None
    ) -> Recorded[Relationship]:
        return self._act(
            command,
            relationship_id,
            lambda r, a: r.conclude(a.by, outcome, reflection, a.as_coordinator),
        )

    def _act(self, command: Command, relationship_id: UUID, act: Act) -> Recorded[Relationship]:
        def attempt() -> Change[Relationship]:
            relationship, coordinates = self._relationship_for(command.caller, relationship_id)
            expected = command.expected_versions
            if expected is not None and relationship.version not in expected:
                raise PreconditionFailed(
                    f"The relationship is at version {relationship.version}, not as If-Match asks."
                )
            part_id = act(relationship, Actor(command.caller.sub, coordinates))
            return Change(relationship, self._released_pair(relationship), part_id)

        return self._execute(command, attempt)

    def _relationship_for(self, caller: Caller, relationship_id: UUID) -> tuple[Relationship, bool]:
        """The relationship, if visible to the caller, and whether they coordinate its programme."""
        relationship = self._get(Relationship, relationship_id)
        coordinates = bool(caller.roles & {"coordinator", "admin"}) and caller.coordinates(
            self._get(Program, relationship.program_id)
        )
        if not (coordinates or caller.is_party_to(relationship)):
            raise refusal(caller, f"relationship {relationship_id}")
        return relationship, coordinates

    def _released_pair(self, relationship: Relationship) -> list[Aggregate]:
        if relationship.status.is_open:
            return []
        pair = self._get(
            OpenPair, OpenPair.create_id(relationship.program_id, list(relationship.parties))
        )
        pair.close(relationship.id)
        return [pair]
