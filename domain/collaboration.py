"""What the parties do together once active: goals, meetings, agendas and feedback."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from domain.errors import InvalidReference, InvalidTransition, NotAllowed, UnknownPart
from domain.relationship_state import RelationshipState, when
from domain.values import (
    Agenda,
    Feedback,
    FeedbackAbout,
    Goal,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Mode,
    Status,
)


class Collaboration(RelationshipState):
    """Goals, meetings and feedback need an active relationship."""

    class GoalAdded(Aggregate.Event):
        by: str
        goal_id: UUID
        text: str

    def add_goal(self, by: str, text: str) -> UUID:
        self._require_party(by, "add goals")
        self._require_status("take new goals", Status.ACTIVE)
        goal_id = uuid4()
        self._goal_added(by=by, goal_id=goal_id, text=text)
        return goal_id

    @event(GoalAdded)
    def _goal_added(
        self, by: str, goal_id: UUID, text: str, timestamp: datetime | None = None
    ) -> None:
        self.goals[goal_id] = Goal(id=goal_id, text=text, added_by=by, added_at=when(timestamp))

    class GoalAchieved(Aggregate.Event):
        by: str
        goal_id: UUID
        note: str | None

    def achieve_goal(self, by: str, goal_id: UUID, note: str | None = None) -> None:
        self._require_party(by, "mark goals achieved")
        if goal_id not in self.goals:
            raise UnknownPart(f"No goal {goal_id} in this relationship.")
        self._require_status("have goals achieved", Status.ACTIVE)
        if self.goals[goal_id].achieved_at is not None:
            raise InvalidTransition("This goal was already achieved.")
        self._goal_achieved(by=by, goal_id=goal_id, note=note)

    @event(GoalAchieved)
    def _goal_achieved(
        self, by: str, goal_id: UUID, note: str | None, timestamp: datetime | None = None
    ) -> None:
        self.goals[goal_id] = replace(
            self.goals[goal_id], achieved_at=when(timestamp), achieved_by=by, note=note
        )

    # Meetings and agendas.

    class MeetingScheduled(Aggregate.Event):
        by: str
        meeting_id: UUID
        scheduled_for: datetime
        duration_minutes: int
        mode: str

    def schedule_meeting(
        self, by: str, scheduled_for: datetime, duration_minutes: int, mode: str
    ) -> UUID:
        self._require_party(by, "schedule meetings")
        self._require_status("schedule meetings", Status.ACTIVE)
        meeting_id = uuid4()
        self._meeting_scheduled(
            by=by,
            meeting_id=meeting_id,
            scheduled_for=scheduled_for,
            duration_minutes=duration_minutes,
            mode=MeetingMode(mode).value,
        )
        return meeting_id

    @event(MeetingScheduled)
    def _meeting_scheduled(
        self, by: str, meeting_id: UUID, scheduled_for: datetime, duration_minutes: int, mode: str
    ) -> None:
        self.meetings[meeting_id] = Meeting(
            id=meeting_id,
            scheduled_for=scheduled_for,
            duration_minutes=duration_minutes,
            mode=MeetingMode(mode),
            scheduled_by=by,
        )

    class AgendaPrepared(Aggregate.Event):
        by: str
        meeting_id: UUID
        topics: list[str]
        progress_reflection: str
        development_areas: list[str]

    def prepare_agenda(
        self,
        by: str,
        meeting_id: UUID,
        topics: list[str],
        progress_reflection: str,
        development_areas: list[str],
    ) -> None:
        party = self._require_party(by, "prepare agendas")
        if self.mode is Mode.MENTORING and party != self.mentee_id:
            raise NotAllowed("In mentoring, the mentee prepares the agenda.")
        meeting = self._meeting(meeting_id)
        self._require_status("prepare agendas", Status.ACTIVE)
        if meeting.status is not MeetingStatus.SCHEDULED:
            raise InvalidTransition(f"A {meeting.status.value} meeting cannot get an agenda.")
        self._agenda_prepared(
            by=by,
            meeting_id=meeting_id,
            topics=list(topics),
            progress_reflection=progress_reflection,
            development_areas=list(development_areas),
        )

    @event(AgendaPrepared)
    def _agenda_prepared(
        self,
        by: str,
        meeting_id: UUID,
        topics: list[str],
        progress_reflection: str,
        development_areas: list[str],
        timestamp: datetime | None = None,
    ) -> None:
        agenda = Agenda(topics, progress_reflection, development_areas, by, when(timestamp))
        self.meetings[meeting_id] = replace(self.meetings[meeting_id], agenda=agenda)

    class MeetingHeld(Aggregate.Event):
        by: str
        meeting_id: UUID
        held_at: datetime | None
        summary: str | None

    def hold_meeting(
        self, by: str, meeting_id: UUID, held_at: datetime | None = None, summary: str | None = None
    ) -> None:
        self._require_party(by, "record meetings")
        meeting = self._meeting(meeting_id)
        self._require_status("record meetings", Status.ACTIVE)
        if meeting.status is not MeetingStatus.SCHEDULED:
            raise InvalidTransition(f"A {meeting.status.value} meeting cannot be held.")
        self._meeting_held(by=by, meeting_id=meeting_id, held_at=held_at, summary=summary)

    @event(MeetingHeld)
    def _meeting_held(
        self,
        by: str,
        meeting_id: UUID,
        held_at: datetime | None,
        summary: str | None,
        timestamp: datetime | None = None,
    ) -> None:
        self.meetings[meeting_id] = replace(
            self.meetings[meeting_id],
            status=MeetingStatus.HELD,
            held_at=held_at or when(timestamp),
            summary=summary,
        )

    class MeetingCancelled(Aggregate.Event):
        by: str
        meeting_id: UUID
        reason: str

    def cancel_meeting(self, by: str, meeting_id: UUID, reason: str) -> None:
        self._require_party(by, "cancel meetings")
        meeting = self._meeting(meeting_id)
        self._require_status("cancel meetings", Status.ACTIVE)
        if meeting.status is not MeetingStatus.SCHEDULED:
            raise InvalidTransition(f"A {meeting.status.value} meeting cannot be cancelled.")
        self._meeting_cancelled(by=by, meeting_id=meeting_id, reason=reason)

    @event(MeetingCancelled)
    def _meeting_cancelled(self, by: str, meeting_id: UUID, reason: str) -> None:
        self.meetings[meeting_id] = replace(
            self.meetings[meeting_id], status=MeetingStatus.CANCELLED, cancel_reason=reason
        )

    # Feedback.

    class FeedbackGiven(Aggregate.Event):
        by: str
        feedback_id: UUID
        to_id: UUID
        about: str
        content: str
        meeting_id: UUID | None

    def give_feedback(
        self, by: str, about: str, content: str, meeting_id: UUID | None = None
    ) -> UUID:
        giver = self._require_party(by, "give feedback")
        self._require_status("take feedback", Status.ACTIVE)
        if meeting_id is not None and meeting_id not in self.meetings:
            raise InvalidReference("meeting_id", "No such meeting in this relationship.")
        feedback_id = uuid4()
        self._feedback_given(
            by=by,
            feedback_id=feedback_id,
            to_id=self.other_party(giver),
            about=FeedbackAbout(about).value,
            content=content,
            meeting_id=meeting_id,
        )
        return feedback_id

    @event(FeedbackGiven)
    def _feedback_given(
        self,
        by: str,
        feedback_id: UUID,
        to_id: UUID,
        about: str,
        content: str,
        meeting_id: UUID | None,
        timestamp: datetime | None = None,
    ) -> None:
        self.feedback.append(
            Feedback(
                feedback_id,
                UUID(by),
                to_id,
                FeedbackAbout(about),
                content,
                meeting_id,
                when(timestamp),
            )
        )
