"""Relationship commands: one method per thing a party or coordinator does, each a unit of work
that loads, acts and saves (services.unit_of_work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.accept(actor, message)
                work.save(relationship)
        return work.recorded

    def decline(self, command: Command, relationship_id: UUID, reason: str) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.decline(actor, reason)
                work.save(relationship, *self._released_pair(relationship))
        return work.recorded

    def withdraw(self, command: Command, relationship_id: UUID, reason: str | None = None) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.withdraw(actor, reason)
                work.save(relationship, *self._released_pair(relationship))
        return work.recorded

    def propose_boundaries(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_every_days: int,
        channel: str,
        confidential_topics: list[str],
        notes: str | None = None,
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.propose_boundaries(
                    actor, meeting_every_days, channel, confidential_topics, notes
                )
                work.save(relationship)
        return work.recorded

    def agree_boundaries(self, command: Command, relationship_id: UUID) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.agree_boundaries(actor)
                work.save(relationship)
        return work.recorded

    def add_goal(self, command: Command, relationship_id: UUID, text: str) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                goal_id = relationship.add_goal(actor, text)
                work.save(relationship, part_id=goal_id)
        return work.recorded

    def achieve_goal(
        self, command: Command, relationship_id: UUID, goal_id: UUID, note: str | None = None
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.achieve_goal(actor, goal_id, note)
                work.save(relationship)
        return work.recorded

    def schedule_meeting(
        self,
        command: Command,
        relationship_id: UUID,
        scheduled_for: datetime,
        duration_minutes: int,
        mode: str,
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                meeting_id = relationship.schedule_meeting(
                    actor, scheduled_for, duration_minutes, mode
                )
                work.save(relationship, part_id=meeting_id)
        return work.recorded

    def prepare_agenda(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_id: UUID,
        topics: list[str],
        progress_reflection: str,
        development_areas: list[str],
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.prepare_agenda(
                    actor, meeting_id, topics, progress_reflection, development_areas
                )
                work.save(relationship)
        return work.recorded

    def hold_meeting(
        self,
        command: Command,
        relationship_id: UUID,
        meeting_id: UUID,
        held_at: datetime | None = None,
        summary: str | None = None,
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.hold_meeting(actor, meeting_id, held_at, summary)
                work.save(relationship)
        return work.recorded

    def cancel_meeting(
        self, command: Command, relationship_id: UUID, meeting_id: UUID, reason: str
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.cancel_meeting(actor, meeting_id, reason)
                work.save(relationship)
        return work.recorded

    def give_feedback(
        self,
        command: Command,
        relationship_id: UUID,
        about: str,
        content: str,
        meeting_id: UUID | None = None,
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                feedback_id = relationship.give_feedback(actor, about, content, meeting_id)
                work.save(relationship, part_id=feedback_id)
        return work.recorded

    def propose_mode(
        self, command: Command, relationship_id: UUID, mode: str, mentor_id: UUID | None = None
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.propose_mode(actor, mode, mentor_id)
                work.save(relationship)
        return work.recorded

    def agree_mode(self, command: Command, relationship_id: UUID) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.agree_mode(actor)
                work.save(relationship)
        return work.recorded

    def pause(
        self, command: Command, relationship_id: UUID, reason: str, until: datetime | None = None
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.pause(actor, reason, until)
                work.save(relationship)
        return work.recorded

    def resume(self, command: Command, relationship_id: UUID) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.resume(actor)
                work.save(relationship)
        return work.recorded

    def conclude(
        self, command: Command, relationship_id: UUID, outcome: str, reflection: str | None = None
    ) -> Done:
        work = self._work(command)
        while work.pending():
            with work.attempt():
                relationship, actor = self._acting_on(work, relationship_id)
                relationship.conclude(actor, outcome, reflection)
                work.save(relationship, *self._released_pair(relationship))
        return work.recorded

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
        """An ended relationship frees its pair to open another."""
        pair: OpenPair = self.app.load(
            OpenPair, OpenPair.create_id(relationship.program_id, list(relationship.parties))
        )
        pair.close(relationship.id)
        return [pair]
