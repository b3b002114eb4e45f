"""What the parties do together once active: goals, meetings, agendas and feedback."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from domain import relationship_events as events
from domain.errors import InvalidReference, InvalidTransition, NotAllowed, UnknownPart
from domain.relationship_state import RelationshipState
from domain.values import Actor, FeedbackAbout, MeetingMode, MeetingStatus, Mode, Status


class Collaboration(RelationshipState):
    """Goals, meetings and feedback need an active relationship."""

    def add_goal(self, actor: Actor, text: str) -> UUID:
        self._require_party(actor, "add goals")
        self._require_status("take new goals", Status.ACTIVE)
        goal_id = uuid4()
        self.trigger_event(events.GoalAdded, by=actor.id, goal_id=goal_id, text=text)
        return goal_id

    def achieve_goal(self, actor: Actor, goal_id: UUID, note: str | None = None) -> None:
        self._require_party(actor, "mark goals achieved")
        if goal_id not in self.goals:
            raise UnknownPart(f"No goal {goal_id} in this relationship.")
        self._require_status("have goals achieved", Status.ACTIVE)
        if self.goals[goal_id].achieved_at is not None:
            raise InvalidTransition("This goal was already achieved.")
        self.trigger_event(events.GoalAchieved, by=actor.id, goal_id=goal_id, note=note)

    def schedule_meeting(
        self, actor: Actor, scheduled_for: datetime, duration_minutes: int, mode: str
    ) -> UUID:
        self._require_party(actor, "schedule meetings")
        self._require_status("schedule meetings", Status.ACTIVE)
        meeting_id = uuid4()
        self.trigger_event(
            events.MeetingScheduled,
            by=actor.id,
            meeting_id=meeting_id,
            scheduled_for=scheduled_for,
            duration_minutes=duration_minutes,
            mode=MeetingMode(mode).value,
        )
        return meeting_id

    def prepare_agenda(
        self,
        actor: Actor,
        meeting_id: UUID,
        topics: list[str],
        progress_reflection: str,
        development_areas: list[str],
    ) -> None:
        party = self._require_party(actor, "prepare agendas")
        if self.mode is Mode.MENTORING and party != self.mentee_id:
            raise NotAllowed("In mentoring, the mentee prepares the agenda.")
        self._require_scheduled_meeting(meeting_id, "prepare agendas", "get an agenda")
        self.trigger_event(
            events.AgendaPrepared,
            by=actor.id,
            meeting_id=meeting_id,
            topics=list(topics),
            progress_reflection=progress_reflection,
            development_areas=list(development_areas),
        )

    def hold_meeting(
        self,
        actor: Actor,
        meeting_id: UUID,
        held_at: datetime | None = None,
        summary: str | None = None,
    ) -> None:
        self._require_party(actor, "record meetings")
        self._require_scheduled_meeting(meeting_id, "record meetings", "be held")
        self.trigger_event(
            events.MeetingHeld, by=actor.id, meeting_id=meeting_id, held_at=held_at, summary=summary
        )

    def cancel_meeting(self, actor: Actor, meeting_id: UUID, reason: str) -> None:
        self._require_party(actor, "cancel meetings")
        self._require_scheduled_meeting(meeting_id, "cancel meetings", "be cancelled")
        self.trigger_event(
            events.MeetingCancelled, by=actor.id, meeting_id=meeting_id, reason=reason
        )

    def give_feedback(
        self, actor: Actor, about: str, content: str, meeting_id: UUID | None = None
    ) -> UUID:
        giver = self._require_party(actor, "give feedback")
        self._require_status("take feedback", Status.ACTIVE)
        if meeting_id is not None and meeting_id not in self.meetings:
            raise InvalidReference("meeting_id", "No such meeting in this relationship.")
        feedback_id = uuid4()
        self.trigger_event(
            events.FeedbackGiven,
            by=actor.id,
            feedback_id=feedback_id,
            to_id=self.other_party(giver),
            about=FeedbackAbout(about).value,
            content=content,
            meeting_id=meeting_id,
        )
        return feedback_id

    def _require_scheduled_meeting(self, meeting_id: UUID, doing: str, cannot: str) -> None:
        """Only a meeting still to come, in an active relationship, can change."""
        meeting = self._meeting(meeting_id)
        self._require_status(doing, Status.ACTIVE)
        if meeting.status is not MeetingStatus.SCHEDULED:
            raise InvalidTransition(f"A {meeting.status.value} meeting cannot {cannot}.")
