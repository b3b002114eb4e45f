"""What the two parties do together: boundaries, goals, meetings, agendas, feedback, mode."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.answers import Answer, changed, command, services
from web.blueprints.base import ETAG, Blueprint
from web.blueprints.relationships import PARTIES, PATH, STATE
from web.schemas.common import EmptySchema
from web.schemas.relationships import (
    AgendaCreateSchema,
    BoundariesProposalSchema,
    FeedbackCreateSchema,
    GoalAchievedSchema,
    GoalCreateSchema,
    MeetingCreateSchema,
    MeetingHeldSchema,
    ModeChangeSchema,
    ReasonSchema,
    ScheduledMeetingSchema,
)

blp = Blueprint(
    "collaboration",
    __name__,
    url_prefix="/api/relationships",
    description="Boundaries, goals, meetings, feedback and mode",
)
Changed = tuple[Answer, dict[str, str]]
MEETING = PATH + "/meetings/<uuid:meeting_id>"


@blp.post(PATH + "/boundaries", roles=PARTIES, body=BoundariesProposalSchema, answer=STATE)
def propose_boundaries(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """Propose how often, how and on what terms to meet; the other party agrees."""
    return changed(services().mentoring.propose_boundaries(command(), relationship_id, **body))


@blp.post(PATH + "/boundaries/agree", roles=PARTIES, body=EmptySchema, answer=STATE)
def agree_boundaries(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """The party who did not propose agrees the boundaries; they come into force."""
    return changed(services().mentoring.agree_boundaries(command(), relationship_id))


@blp.post(PATH + "/goals", roles=PARTIES, body=GoalCreateSchema, answer=STATE)
def add_goal(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """Add a goal to work on."""
    return changed(services().mentoring.add_goal(command(), relationship_id, **body))


@blp.post(
    PATH + "/goals/<uuid:goal_id>/achieve", roles=PARTIES, body=GoalAchievedSchema, answer=STATE
)
def achieve_goal(body: dict[str, Any], relationship_id: UUID, goal_id: UUID) -> Changed:
    """Mark a goal achieved."""
    return changed(services().mentoring.achieve_goal(command(), relationship_id, goal_id, **body))


@blp.post(
    PATH + "/meetings",
    roles=PARTIES,
    body=MeetingCreateSchema,
    answer=(201, ScheduledMeetingSchema, ETAG),
)
def schedule_meeting(
    body: dict[str, Any], relationship_id: UUID
) -> tuple[Answer, int, dict[str, str]]:
    """Schedule a meeting; answers the meeting."""
    recorded = services().mentoring.schedule_meeting(command(), relationship_id, **body)
    state, headers = changed(recorded)
    assert recorded.part_id is not None
    meeting = Answer(
        state.meetings[recorded.part_id],
        relationship_id=state.id,
        version=state.version,
        position=recorded.position,
        reveals_private=recorded.reveals_private,
    )
    return meeting, 201, headers


@blp.post(MEETING + "/agenda", roles=PARTIES, body=AgendaCreateSchema, answer=STATE)
def prepare_agenda(body: dict[str, Any], relationship_id: UUID, meeting_id: UUID) -> Changed:
    """The mentee (either party in peer mode) prepares the agenda before the meeting."""
    return changed(
        services().mentoring.prepare_agenda(command(), relationship_id, meeting_id, **body)
    )


@blp.post(MEETING + "/held", roles=PARTIES, body=MeetingHeldSchema, answer=STATE)
def hold_meeting(body: dict[str, Any], relationship_id: UUID, meeting_id: UUID) -> Changed:
    """Record that the meeting was held, with an optional summary."""
    return changed(
        services().mentoring.hold_meeting(command(), relationship_id, meeting_id, **body)
    )


@blp.post(MEETING + "/cancel", roles=PARTIES, body=ReasonSchema, answer=STATE)
def cancel_meeting(body: dict[str, Any], relationship_id: UUID, meeting_id: UUID) -> Changed:
    """Cancel a scheduled meeting."""
    return changed(
        services().mentoring.cancel_meeting(command(), relationship_id, meeting_id, **body)
    )


@blp.post(PATH + "/feedback", roles=PARTIES, body=FeedbackCreateSchema, answer=STATE)
def give_feedback(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """Give feedback to the other party, tied to a meeting if given."""
    return changed(services().mentoring.give_feedback(command(), relationship_id, **body))


@blp.post(PATH + "/mode", roles=PARTIES, body=ModeChangeSchema, answer=STATE)
def propose_mode(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """Propose peer mentoring, or mentoring with either party as the mentor."""
    return changed(services().mentoring.propose_mode(command(), relationship_id, **body))


@blp.post(PATH + "/mode/agree", roles=PARTIES, body=EmptySchema, answer=STATE)
def agree_mode(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """The party who did not propose agrees the change of mode."""
    return changed(services().mentoring.agree_mode(command(), relationship_id))
