"""What happens to a relationship: every event it records, and how each changes its state.

Each event has this one home, so the topic it is stored under (`module:Name`) never moves by
accident. Earlier releases declared events where their commands were; the topics they stored
are registered at the bottom, so that data keeps loading (tests/unit/test_stored_topics.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic, register_topic

from domain.aggregate import Aggregate, fields_added
from domain.privacy import ERASED
from domain.relationship_state import RelationshipState
from domain.values import (
    Agenda,
    Boundaries,
    Channel,
    Conclusion,
    Feedback,
    FeedbackAbout,
    Goal,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Mode,
    ModeProposal,
    Outcome,
    Status,
)


class Requested(Aggregate.Created):
    """Applied by Relationship.__init__, which takes these fields."""

    program_id: UUID
    requester_id: UUID
    invitee_id: UUID
    kind: str
    goals: list[dict[str, Any]]
    message: str
    by: str


class RelationshipEvent(Aggregate.Event):
    """Every event after the request names who did it."""

    by: str

    def apply(self, aggregate: Any) -> None:
        self.change(aggregate)

    def change(self, relationship: RelationshipState) -> None:
        raise NotImplementedError


# Answering the request, pausing and concluding.


class Accepted(RelationshipEvent):
    message: str | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.status = Status.ACTIVE
        relationship.accepted_at = self.timestamp


class Declined(RelationshipEvent):
    reason: str

    def change(self, relationship: RelationshipState) -> None:
        relationship.status = Status.DECLINED
        relationship.status_reason = self.reason
        relationship.ended_at = self.timestamp


class Withdrawn(RelationshipEvent):
    reason: str | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.status = Status.WITHDRAWN
        relationship.status_reason = self.reason
        relationship.ended_at = self.timestamp


class Paused(RelationshipEvent):
    reason: str
    until: datetime | None

    # Version 2 added `until`; pauses recorded before it have no expected end.
    class_version = 2
    upcast_v1_v2 = fields_added(until=None)

    def change(self, relationship: RelationshipState) -> None:
        relationship.status = Status.PAUSED
        relationship.status_reason = self.reason
        relationship.paused_until = self.until


class Resumed(RelationshipEvent):
    def change(self, relationship: RelationshipState) -> None:
        relationship.status = Status.ACTIVE
        relationship.status_reason = None
        relationship.paused_until = None


class Concluded(RelationshipEvent):
    outcome: str
    reflection: str | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.status = Status.CONCLUDED
        relationship.status_reason = None
        relationship.ended_at = self.timestamp
        relationship.conclusion = Conclusion(
            Outcome(self.outcome), self.reflection, self.by, self.timestamp
        )


# Agreeing the terms: boundaries and mode.


class BoundariesProposed(RelationshipEvent):
    meeting_every_days: int
    channel: str
    confidential_topics: list[str]
    notes: str | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.boundaries_proposed = Boundaries(
            meeting_every_days=self.meeting_every_days,
            channel=Channel(self.channel),
            confidential_topics=self.confidential_topics,
            notes=self.notes,
            proposed_by=self.by,
            proposed_at=self.timestamp,
        )


class BoundariesAgreed(RelationshipEvent):
    def change(self, relationship: RelationshipState) -> None:
        assert relationship.boundaries_proposed is not None
        relationship.boundaries_in_force = replace(
            relationship.boundaries_proposed, agreed_by=self.by, agreed_at=self.timestamp
        )
        relationship.boundaries_proposed = None


class ModeShiftProposed(RelationshipEvent):
    mode: str
    mentor_id: UUID | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.mode_proposal = ModeProposal(
            Mode(self.mode), self.mentor_id, self.by, self.timestamp
        )


class ModeShiftAgreed(RelationshipEvent):
    mode: str
    mentor_id: UUID | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.mode = Mode(self.mode)
        relationship.mentor_id = self.mentor_id
        relationship.mode_proposal = None


# Working together: goals, meetings, agendas and feedback.


class GoalAdded(RelationshipEvent):
    goal_id: UUID
    text: str

    def change(self, relationship: RelationshipState) -> None:
        relationship.goals[self.goal_id] = Goal(self.goal_id, self.text, self.by, self.timestamp)


class GoalAchieved(RelationshipEvent):
    goal_id: UUID
    note: str | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.goals[self.goal_id] = replace(
            relationship.goals[self.goal_id],
            achieved_at=self.timestamp,
            achieved_by=self.by,
            note=self.note,
        )


class MeetingScheduled(RelationshipEvent):
    meeting_id: UUID
    scheduled_for: datetime
    duration_minutes: int
    mode: str

    def change(self, relationship: RelationshipState) -> None:
        relationship.meetings[self.meeting_id] = Meeting(
            id=self.meeting_id,
            scheduled_for=self.scheduled_for,
            duration_minutes=self.duration_minutes,
            mode=MeetingMode(self.mode),
            scheduled_by=self.by,
        )


class AgendaPrepared(RelationshipEvent):
    meeting_id: UUID
    topics: list[str]
    progress_reflection: str
    development_areas: list[str]

    def change(self, relationship: RelationshipState) -> None:
        agenda = Agenda(
            self.topics, self.progress_reflection, self.development_areas, self.by, self.timestamp
        )
        meeting = relationship.meetings[self.meeting_id]
        relationship.meetings[self.meeting_id] = replace(meeting, agenda=agenda)


class MeetingHeld(RelationshipEvent):
    meeting_id: UUID
    held_at: datetime | None
    summary: str | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.meetings[self.meeting_id] = replace(
            relationship.meetings[self.meeting_id],
            status=MeetingStatus.HELD,
            held_at=self.held_at or self.timestamp,
            summary=self.summary,
        )


class MeetingCancelled(RelationshipEvent):
    meeting_id: UUID
    reason: str

    def change(self, relationship: RelationshipState) -> None:
        relationship.meetings[self.meeting_id] = replace(
            relationship.meetings[self.meeting_id],
            status=MeetingStatus.CANCELLED,
            cancel_reason=self.reason,
        )


class FeedbackGiven(RelationshipEvent):
    feedback_id: UUID
    to_id: UUID
    about: str
    content: str
    meeting_id: UUID | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.feedback.append(
            Feedback(
                self.feedback_id,
                UUID(self.by),
                self.to_id,
                FeedbackAbout(self.about),
                self.content,
                self.meeting_id,
                self.timestamp,
            )
        )


# Erasure: the private text's key is destroyed; the state forgets the text too (caches replay it).


class PrivateTextErased(RelationshipEvent):
    """Who erased the private text, when and why: a party's erasure (`participant_id`), or the
    programme's retention period (None)."""

    reason: str
    participant_id: UUID | None

    def change(self, relationship: RelationshipState) -> None:
        relationship.private_text_erased_at = self.timestamp
        relationship.message = ERASED
        relationship.boundaries_in_force = _erased_boundaries(relationship.boundaries_in_force)
        relationship.boundaries_proposed = _erased_boundaries(relationship.boundaries_proposed)
        relationship.meetings = {
            meeting_id: _erased_meeting(meeting)
            for meeting_id, meeting in relationship.meetings.items()
        }
        relationship.feedback = [replace(f, content=ERASED) for f in relationship.feedback]
        if relationship.conclusion is not None:
            relationship.conclusion = replace(
                relationship.conclusion, reflection=_erased(relationship.conclusion.reflection)
            )


def _erased(text: str | None) -> str | None:
    return None if text is None else ERASED


def _erased_boundaries(boundaries: Boundaries | None) -> Boundaries | None:
    if boundaries is None:
        return None
    topics = [ERASED for _ in boundaries.confidential_topics]
    return replace(boundaries, confidential_topics=topics, notes=_erased(boundaries.notes))


def _erased_meeting(meeting: Meeting) -> Meeting:
    agenda = meeting.agenda
    if agenda is not None:
        agenda = replace(
            agenda,
            topics=[ERASED for _ in agenda.topics],
            progress_reflection=ERASED,
            development_areas=[ERASED for _ in agenda.development_areas],
        )
    return replace(meeting, agenda=agenda, summary=_erased(meeting.summary))


# Where earlier releases declared them: the topics their stored events carry.
STORED_BEFORE = {
    "domain.relationship:Relationship.Requested": Requested,
    **{
        f"domain.relationship:Relationship.{cls.__name__}": cls
        for cls in (Accepted, Declined, Withdrawn, Paused, Resumed, Concluded)
    },
    **{
        f"domain.agreements:Agreements.{cls.__name__}": cls
        for cls in (BoundariesProposed, BoundariesAgreed, ModeShiftProposed, ModeShiftAgreed)
    },
    **{
        f"domain.collaboration:Collaboration.{cls.__name__}": cls
        for cls in (
            GoalAdded,
            GoalAchieved,
            MeetingScheduled,
            AgendaPrepared,
            MeetingHeld,
            MeetingCancelled,
            FeedbackGiven,
        )
    },
}
for _topic, _cls in STORED_BEFORE.items():
    register_topic(_topic, _cls)


def stored_topics(cls: type) -> tuple[str, ...]:
    """Every topic events of this class are stored under: today's, and earlier releases'."""
    return (get_topic(cls), *(topic for topic, old in STORED_BEFORE.items() if old is cls))
