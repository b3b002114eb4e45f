"""Relationship commands: one method per thing a party or coordinator does, each a unit of work
that loads, acts and saves (services.unit_of_work)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Concatenate, ParamSpec
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import OpenPair, Participant, Program, Relationship, request_relationship
from domain.errors import InvalidReference, NotAllowed
from domain.values import Actor
from services import policy
from services.errors import NotFound
from services.offers import Offers, offers
from services.policy import Caller
from services.reads import RelationshipView
from services.tandem import Tandem
from services.unit_of_work import Command, Recorded, UnitOfWork

Done = Recorded[Relationship]
P = ParamSpec("P")


@dataclass(frozen=True)
class Mentoring:
    app: Tandem

    def request_mentoring(
        self,
        command: Command,
        program_id: UUID,
        invitee_id: UUID,
        kind: str,
        goals: list[str],
        message: str,
    ) -> Done:
        requester_id = policy.requester(command.caller)
        work = self._work(command)
        while work.pending():
            with work.attempt():
                program = self.app.find(Program, program_id)
                if program is None:
                    raise InvalidReference("program_id", "No such program.")
                requester = self.app.find(Participant, requester_id)
                if requester is None:
                    raise NotAllowed("Only participants enrolled in the programme can request.")
                invitee = self.app.find(Participant, invitee_id)
                pair_id = OpenPair.create_id(program_id, [requester.id, invitee_id])
                relationship, pair = request_relationship(
                    program,
                    requester,
                    invitee,
                    self.app.find(OpenPair, pair_id),
                    kind,
                    goals,
                    message,
                )
                work.save(relationship, pair)
        return work.recorded

    def accept(self, command: Command, relationship_id: UUID, message: str | None = None) -> Done:
        return self._act(command, relationship_id, Relationship.accept, message)

    def decline(self, command: Command, relationship_id: UUID, reason: str) -> Done:
        return self._act(command, relationship_id, Relationship.decline, reason)

    def withdraw(self, command: Command, relationship_id: UUID, reason: str | None = None) -> Done:
        return self._act(command, relationship_id, Relationship.withdraw, reason)

    def propose_boundaries(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_every_days: int,
        channel: str,
        confidential_topics: list[str],
        notes: str | None = None,
    ) -> Done:
        return self._act(
            command,
            relationship_id,
            Relationship.propose_boundaries,
            meeting_every_days,
            channel,
            confidential_topics,
            notes,
        )

    def agree_boundaries(self, command: Command, relationship_id: UUID) -> Done:
        return self._act(command, relationship_id, Relationship.agree_boundaries)

    def add_goal(self, command: Command, relationship_id: UUID, text: str) -> Done:
        return self._act(command, relationship_id, Relationship.add_goal, text)

    def achieve_goal(
        self, command: Command, relationship_id: UUID, goal_id: UUID, note: str | None = None
    ) -> Done:
        return self._act(command, relationship_id, Relationship.achieve_goal, goal_id, note)

    def schedule_meeting(
        self,
        command: Command,
        relationship_id: UUID,
        scheduled_for: datetime,
        duration_minutes: int,
        mode: str,
    ) -> Done:
        return self._act(
            command,
            relationship_id,
            Relationship.schedule_meeting,
            scheduled_for,
            duration_minutes,
            mode,
        )

    def prepare_agenda(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_id: UUID,
        topics: list[str],
        progress_reflection: str,
        development_areas: list[str],
    ) -> Done:
        return self._act(
            command,
            relationship_id,
            Relationship.prepare_agenda,
            meeting_id,
            topics,
            progress_reflection,
            development_areas,
        )

    def hold_meeting(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_id: UUID,
        held_at: datetime | None = None,
        summary: str | None = None,
    ) -> Done:
        return self._act(
            command, relationship_id, Relationship.hold_meeting, meeting_id, held_at, summary
        )

    def cancel_meeting(
        self, command: Command, relationship_id: UUID, meeting_id: UUID, reason: str
    ) -> Done:
        return self._act(command, relationship_id, Relationship.cancel_meeting, meeting_id, reason)

    def give_feedback(
        self,
        command: Command,
        relationship_id: UUID,
        about: str,
        content: str,
        meeting_id: UUID | None = None,
    ) -> Done:
        return self._act(
            command, relationship_id, Relationship.give_feedback, about, content, meeting_id
        )

    def propose_mode(
        self, command: Command, relationship_id: UUID, mode: str, mentor_id: UUID | None = None
    ) -> Done:
        return self._act(command, relationship_id, Relationship.propose_mode, mode, mentor_id)

    def agree_mode(self, command: Command, relationship_id: UUID) -> Done:
        return self._act(command, relationship_id, Relationship.agree_mode)

    def pause(
        self, command: Command, relationship_id: UUID, reason: str, until: datetime | None = None
    ) -> Done:
        return self._act(command, relationship_id, Relationship.pause, reason, until)

    def resume(self, command: Command, relationship_id: UUID) -> Done:
        return self._act(command, relationship_id, Relationship.resume)

    def conclude(
        self, command: Command, relationship_id: UUID, outcome: str, reflection: str | None = None
    ) -> Done:
        return self._act(command, relationship_id, Relationship.conclude, outcome, reflection)

    def offers(self, caller: Caller, view: RelationshipView) -> Offers:
        """What the caller may do on the relationship as they read it, each command as the
        domain would answer it; nothing for those who may not act on it at all."""
        relationship = view.relationship
        try:
            actor = policy.actor_on(
                caller,
                relationship,
                program=lambda: self.app.load(Program, relationship.program_id),
            )
        except (NotAllowed, NotFound):
            return Offers()
        return offers(relationship, actor)

    def _work(self, command: Command) -> UnitOfWork[Relationship]:
        return UnitOfWork(self.app, command, reveals=policy.may_read_private)

    def _act(
        self,
        command: Command,
        relationship_id: UUID,
        act: Callable[Concatenate[Relationship, Actor, P], UUID | None],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Done:
        """One command on one relationship, as a unit of work: load it as the caller reaches it,
        act as that caller, save it with the part the command added (a goal, a meeting)."""
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                part_id = act(relationship, actor, *args, **kwargs)
                work.save(relationship, *self._released_pair(relationship), part_id=part_id)
        return work.recorded

    def _acting_on(
        self, work: UnitOfWork[Relationship], relationship_id: UUID
    ) -> tuple[Relationship, Actor]:
        """The relationship, if the caller may reach it, as the If-Match they sent expects."""
        relationship: Relationship = work.load(Relationship, relationship_id)
        actor = policy.actor_on(
            work.command.caller,
            relationship,
            program=lambda: work.load(Program, relationship.program_id),
        )
        work.check_if_match(relationship)
        return relationship, actor

    def _released_pair(self, relationship: Relationship) -> list[Aggregate]:
        """An ended relationship frees its pair to open another (no command acts on an ended
        one, so one ended now was ended by this command)."""
        if relationship.ended_at is None:
            return []
        pair: OpenPair = self.app.load(
            OpenPair, OpenPair.create_id(relationship.program_id, list(relationship.parties))
        )
        pair.close(relationship.id)
        return [pair]
