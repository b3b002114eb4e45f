"""Lists, programme status and lineage: what coordinators read."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.values import Mode, Status
from services.views.queries import Health
from web.schemas.common import PageQuerySchema, QuerySchema, UtcDateTime, vocabulary

AFTER = fields.Integer(
    validate=validate.Range(min=0),
    metadata={
        "description": "Answer only once the views reflect this log position (waiting 5 s at"
        " most, then 503); a position beyond the end of the log: 422 at once."
    },
)


class AfterSchema(QuerySchema):
    after = AFTER


class StatusQuerySchema(AfterSchema):
    as_of = UtcDateTime(
        metadata={"description": "The status exactly as it stood then (not in the future)."}
    )


class ListQuerySchema(AfterSchema, PageQuerySchema):
    program_id = fields.UUID()
    status = vocabulary(Status)
    participant_id = fields.UUID()
    at_risk = fields.Boolean(metadata={"description": "Only relationships that need a check-in."})
    as_of = UtcDateTime(
        metadata={
            "description": "The summaries as they stood then, health then included (not in the"
            " future; with program_id: the past is read a programme at a time)."
        }
    )


class FeedbackCountsSchema(Schema):
    mentor_to_mentee = fields.Integer()
    mentee_to_mentor = fields.Integer()
    between_peers = fields.Integer()


class SummarySchema(Schema):
    id = fields.UUID()
    program_id = fields.UUID()
    status = vocabulary(Status)
    mode = vocabulary(Mode)
    mentor_id = fields.UUID(allow_none=True)
    mentee_id = fields.UUID(allow_none=True)
    parties = fields.List(fields.UUID())
    meetings_held = fields.Integer()
    meetings_cancelled = fields.Integer()
    last_meeting_at = UtcDateTime(allow_none=True)
    next_meeting_due = UtcDateTime(allow_none=True)
    health = vocabulary(
        Health,
        allow_none=True,
        metadata={"description": "At the time of the query; null unless active."},
    )
    goals_set = fields.Integer()
    goals_achieved = fields.Integer()
    feedback = fields.Nested(FeedbackCountsSchema)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    version = fields.Integer()


CSV_COLUMNS = (
    "id",
    "program_id",
    "status",
    "mode",
    "mentor_id",
    "mentee_id",
    "meetings_held",
    "meetings_cancelled",
    "last_meeting_at",
    "next_meeting_due",
    "health",
    "goals_set",
    "goals_achieved",
    "created_at",
    "updated_at",
    "version",
)


class PageSchema(Schema):
    items = fields.List(fields.Nested(SummarySchema))
    next_cursor = fields.String(allow_none=True)


def _counts(name: str, *keys: str) -> fields.Nested:
    """A nested object of counts, named for the OpenAPI document."""
    schema = Schema.from_dict({key: fields.Integer() for key in keys}, name=name)
    return fields.Nested(schema)


class RelationshipCountsSchema(Schema):
    total = fields.Integer()
    by_status = _counts("ByStatus", *[s.value for s in Status])
    by_mode = _counts("ByMode", *[m.value for m in Mode])


class ProgramStatusSchema(Schema):
    program_id = fields.UUID()
    position = fields.Integer(metadata={"description": "The log position the figures reflect."})
    relationships = fields.Nested(RelationshipCountsSchema)
    meetings = _counts("MeetingCounts", "held", "cancelled", "upcoming")
    health = _counts("HealthCounts", *[h.value for h in Health])
    goals = _counts("GoalCounts", "set", "achieved")
    feedback = fields.Nested(FeedbackCountsSchema)
    shifts = _counts("ShiftCounts", "to_peer", "to_mentoring")
    mentees_who_became_mentors = fields.Integer()
    as_of = UtcDateTime(allow_none=True, metadata={"description": "Present when asked for."})


class MentorshipSchema(Schema):
    participant_id = fields.UUID()
    relationship_id = fields.UUID()
    program_id = fields.UUID()
    since = UtcDateTime()


class DescendantSchema(Schema):
    participant_id = fields.UUID()
    generation = fields.Integer(metadata={"description": "2 for a mentee's mentee, and so on."})


class LineageSchema(Schema):
    participant_id = fields.UUID()
    mentored_by = fields.List(fields.Nested(MentorshipSchema))
    mentoring = fields.List(fields.Nested(MentorshipSchema))
    descendants = fields.List(fields.Nested(DescendantSchema))
