"""Relationship commands and the relationship as its readers see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from domain.values import Channel, FeedbackAbout, MeetingMode, MeetingStatus, Mode, Outcome, Status
from web.schemas.common import (
    SHORT_TEXT,
    Count,
    Latest,
    PageQuerySchema,
    PositionSchema,
    Private,
    PrivateTextSchema,
    Text,
    TextList,
    Total,
    UtcDateTime,
    optional,
    reveals_private,
    vocabulary,
)
from web.schemas.compiled import compiled
from web.schemas.history import StateQuerySchema
from web.schemas.programs import MEETING_EVERY_DAYS

CLOCK_SKEW = timedelta(minutes=5)
RECENT = 50  # meetings and feedback a relationship's document holds; the rest are paged
MEETINGS_ORDER = (
    "in the order they take place (`scheduled_for`; those set for the same time, in the order"
    " they were scheduled)"
)
FEEDBACK_ORDER = "in the order it was given"


class RequestSchema(Schema):
    program_id = fields.UUID(required=True)
    invitee_id = fields.UUID(required=True)
    kind = vocabulary(Mode, required=True)
    goals = fields.List(Text(SHORT_TEXT), required=True, validate=validate.Length(min=1, max=10))
    message = Text(required=True)


class AcceptSchema(Schema):
    message = optional(Text)


class ReasonSchema(Schema):
    reason = Text(required=True)


class PauseSchema(ReasonSchema):
    until = optional(UtcDateTime, "When the parties expect to resume, if known.")


class OptionalReasonSchema(Schema):
    reason = optional(Text)


class BoundariesProposalSchema(Schema):
    meeting_every_days = Count(required=True, validate=MEETING_EVERY_DAYS)
    channel = vocabulary(Channel, required=True)
    confidential_topics = TextList(required=True)
    notes = optional(Text)


class GoalCreateSchema(Schema):
    text = Text(SHORT_TEXT, required=True)


class GoalAchievedSchema(Schema):
    note = optional(Text)


class MeetingCreateSchema(Schema):
    scheduled_for = UtcDateTime(required=True)
    duration_minutes = Count(required=True, validate=validate.Range(min=5, max=480))
    mode = vocabulary(MeetingMode, required=True)


class AgendaCreateSchema(Schema):
    topics = TextList(min_items=1, required=True)
    progress_reflection = Text(required=True)
    development_areas = TextList(required=True)


class MeetingHeldSchema(Schema):
    held_at = optional(UtcDateTime, "When it was held; now if absent. Not in the future.")
    summary = optional(Text)

    @validates("held_at")
    def _not_in_the_future(self, value: datetime | None, **kwargs: Any) -> None:
        if value is not None and value > datetime.now(UTC) + CLOCK_SKEW:
            raise ValidationError("A meeting cannot have been held in the future.")


class FeedbackCreateSchema(Schema):
    about = vocabulary(FeedbackAbout, required=True)
    content = Text(required=True)
    meeting_id = optional(fields.UUID)


class ModeChangeSchema(Schema):
    mode = vocabulary(Mode, required=True)
    mentor_id = optional(fields.UUID)

    @validates_schema
    def _mentor_matches_mode(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("mode") == Mode.MENTORING and data.get("mentor_id") is None:
            raise ValidationError("Required when the mode is mentoring.", "mentor_id")
        if data.get("mode") == Mode.PEER and data.get("mentor_id") is not None:
            raise ValidationError("Must be absent when the mode is peer.", "mentor_id")


class ConcludeSchema(Schema):
    outcome = vocabulary(Outcome, required=True)
    reflection = optional(Text)


class GoalSchema(Schema):
    id = fields.UUID()
    text = fields.String()
    achieved_at = UtcDateTime(allow_none=True)
    note = fields.String(allow_none=True)


class BoundariesSchema(Schema):
    meeting_every_days = Count()
    channel = fields.String()
    confidential_topics = Private(fields.List(fields.String()))
    notes = Private(fields.String())
    proposed_by = fields.String()
    proposed_at = UtcDateTime()
    agreed_by = fields.String(allow_none=True)
    agreed_at = UtcDateTime(allow_none=True)


class BoundariesStateSchema(Schema):
    in_force = fields.Nested(BoundariesSchema, allow_none=True)
    proposed = fields.Nested(BoundariesSchema, allow_none=True)


class ModeProposalSchema(Schema):
    mode = vocabulary(Mode)
    mentor_id = fields.UUID(allow_none=True)
    proposed_by = fields.String()
    proposed_at = UtcDateTime()


class AgendaSchema(Schema):
    topics = Private(fields.List(fields.String()))
    progress_reflection = Private(fields.String())
    development_areas = Private(fields.List(fields.String()))
    prepared_by = fields.String()
    prepared_at = UtcDateTime()


class MeetingSchema(Schema):
    id = fields.UUID()
    scheduled_for = UtcDateTime()
    duration_minutes = fields.Integer()
    mode = vocabulary(MeetingMode)
    status = vocabulary(MeetingStatus)
    agenda = fields.Nested(AgendaSchema, allow_none=True)
    summary = Private(fields.String())
    held_at = UtcDateTime(allow_none=True)
    cancel_reason = fields.String(allow_none=True)


class ScheduledMeetingSchema(PrivateTextSchema, MeetingSchema, PositionSchema):
    relationship_id = fields.UUID()
    version = fields.Integer()


class FeedbackSchema(Schema):
    id = fields.UUID()
    from_id = fields.UUID()
    to_id = fields.UUID()
    about = fields.String()
    content = Private(fields.String())
    meeting_id = fields.UUID(allow_none=True)
    given_at = UtcDateTime()


class OutcomeSchema(Schema):
    outcome = fields.String()
    reflection = Private(fields.String())
    concluded_by = fields.String()
    concluded_at = UtcDateTime()


class RelationshipSchema(PrivateTextSchema, PositionSchema):
    id = fields.UUID()
    program_id = fields.UUID()
    status = vocabulary(Status)
    status_reason = fields.String(allow_none=True)
    paused_until = UtcDateTime(allow_none=True)
    mode = vocabulary(Mode)
    kind = fields.String(metadata={"description": "The kind requested: mentoring or peer."})
    requester_id = fields.UUID()
    invitee_id = fields.UUID()
    mentor_id = fields.UUID(allow_none=True)
    mentee_id = fields.UUID(allow_none=True)
    message = Private(fields.String())
    goals = fields.List(fields.Nested(GoalSchema), attribute="goal_list")
    boundaries = fields.Nested(BoundariesStateSchema)
    mode_proposal = fields.Nested(ModeProposalSchema, allow_none=True)
    meetings = Latest(
        fields.Nested(MeetingSchema),
        RECENT,
        attribute="meeting_list",
        metadata={
            "description": f"The {RECENT} most recent meetings, {MEETINGS_ORDER}: the last"
            f" {RECENT} that `GET /api/relationships/{{id}}/meetings` lists, page by page."
        },
    )
    meetings_total = Total(
        attribute="meetings", metadata={"description": "How many meetings, of every status."}
    )
    feedback = Latest(
        fields.Nested(FeedbackSchema),
        RECENT,
        metadata={
            "description": f"The {RECENT} most recent pieces of feedback, {FEEDBACK_ORDER}: the"
            f" last {RECENT} that `GET /api/relationships/{{id}}/feedback` lists, page by page."
        },
    )
    feedback_total = Total(
        attribute="feedback", metadata={"description": "How many pieces of feedback."}
    )
    outcome = fields.Nested(OutcomeSchema, allow_none=True, attribute="conclusion")
    version = fields.Integer()
    created_at = UtcDateTime(attribute="created_on")
    updated_at = UtcDateTime(attribute="modified_on")

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        """The same document, compiled: a long relationship's answer is mostly its parts."""
        if many or self.many or self.only or self.exclude:
            return super().dump(obj, many=many)
        return compiled(type(self), reveals_private(obj))(obj)


class PartsQuerySchema(PageQuerySchema, StateQuerySchema):
    """A page of a relationship's meetings or feedback, now or as they stood then."""


class MeetingPageSchema(PrivateTextSchema):
    items = fields.List(
        fields.Nested(MeetingSchema),
        metadata={"description": f"Meetings {MEETINGS_ORDER}, oldest first."},
    )
    next_cursor = fields.String(allow_none=True)


class FeedbackPageSchema(PrivateTextSchema):
    items = fields.List(
        fields.Nested(FeedbackSchema),
        metadata={"description": f"Feedback {FEEDBACK_ORDER}, oldest first."},
    )
    next_cursor = fields.String(allow_none=True)
