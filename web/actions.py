"""A relationship's actions, each declared once: the API's command routes and the pages' forms
send it to the same service method, at the same path below the relationship, with a body the
same schema checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from marshmallow import Schema

from services.mentoring import Done, Mentoring
from services.unit_of_work import Command
from web.auth import PARTIES, PARTIES_AND_STAFF
from web.schemas.common import EmptySchema
from web.schemas.relationships import (
    AcceptSchema,
    AgendaCreateSchema,
    BoundariesProposalSchema,
    ConcludeSchema,
    FeedbackCreateSchema,
    GoalAchievedSchema,
    GoalCreateSchema,
    MeetingCreateSchema,
    MeetingHeldSchema,
    ModeChangeSchema,
    OptionalReasonSchema,
    PauseSchema,
    ReasonSchema,
)


@dataclass(frozen=True)
class Action:
    """`does` is the Mentoring method; `below` the path below the relationship, where `{part}`
    stands for the id of the goal or meeting acted on (the method's `part` argument)."""

    does: Callable[..., Done]
    below: str
    body: type[Schema]
    summary: str
    roles: tuple[str, ...] = PARTIES
    part: str | None = None

    @property
    def name(self) -> str:
        return self.does.__name__

    def path(self, part: str | None = None) -> str:
        """The path below the relationship, the part's id converted under the name `part`."""
        return self.below.format(part=f"<uuid:{part or self.part}>")

    def send(
        self, mentoring: Mentoring, command: Command, relationship_id: UUID, **sent: Any
    ) -> Done:
        """The action, with the part's id (if any) and the body's fields as `sent`."""
        return self.does(mentoring, command, relationship_id, **sent)


# The relationship's life: the request answered, then paused, resumed, concluded.
LIFE = (
    Action(Mentoring.accept, "accept", AcceptSchema, "The invitee accepts the request."),
    Action(Mentoring.decline, "decline", ReasonSchema, "The invitee declines the request."),
    Action(
        Mentoring.withdraw,
        "withdraw",
        OptionalReasonSchema,
        "The requester withdraws the request while it is unanswered.",
    ),
    Action(
        Mentoring.pause,
        "pause",
        PauseSchema,
        "A party or a coordinator of the programme pauses an active relationship.",
        PARTIES_AND_STAFF,
    ),
    Action(
        Mentoring.resume,
        "resume",
        EmptySchema,
        "A party or a coordinator of the programme resumes a paused relationship.",
        PARTIES_AND_STAFF,
    ),
    Action(
        Mentoring.conclude,
        "conclude",
        ConcludeSchema,
        "A party or a coordinator of the programme concludes the relationship with an outcome.",
        PARTIES_AND_STAFF,
    ),
)
# What the two parties do together (the API answers a scheduled meeting on its own route).
SCHEDULE_MEETING = Action(
    Mentoring.schedule_meeting,
    "meetings",
    MeetingCreateSchema,
    "Schedule a meeting; answers the meeting.",
)
TOGETHER = (
    Action(
        Mentoring.propose_boundaries,
        "boundaries",
        BoundariesProposalSchema,
        "Propose how often, how and on what terms to meet; the other party agrees.",
    ),
    Action(
        Mentoring.agree_boundaries,
        "boundaries/agree",
        EmptySchema,
        "The party who did not propose agrees the boundaries; they come into force.",
    ),
    Action(Mentoring.add_goal, "goals", GoalCreateSchema, "Add a goal to work on."),
    Action(
        Mentoring.achieve_goal,
        "goals/{part}/achieve",
        GoalAchievedSchema,
        "Mark a goal achieved.",
        part="goal_id",
    ),
    Action(
        Mentoring.prepare_agenda,
        "meetings/{part}/agenda",
        AgendaCreateSchema,
        "The mentee (either party in peer mode) prepares the agenda before the meeting.",
        part="meeting_id",
    ),
    Action(
        Mentoring.hold_meeting,
        "meetings/{part}/held",
        MeetingHeldSchema,
        "Record that the meeting was held, with an optional summary.",
        part="meeting_id",
    ),
    Action(
        Mentoring.cancel_meeting,
        "meetings/{part}/cancel",
        ReasonSchema,
        "Cancel a scheduled meeting.",
        part="meeting_id",
    ),
    Action(
        Mentoring.give_feedback,
        "feedback",
        FeedbackCreateSchema,
        "Give feedback to the other party, tied to a meeting if given.",
    ),
    Action(
        Mentoring.propose_mode,
        "mode",
        ModeChangeSchema,
        "Propose peer mentoring, or mentoring with either party as the mentor.",
    ),
    Action(
        Mentoring.agree_mode,
        "mode/agree",
        EmptySchema,
        "The party who did not propose agrees the change of mode.",
    ),
)
ACTIONS = {action.name: action for action in (*LIFE, SCHEDULE_MEETING, *TOGETHER)}
