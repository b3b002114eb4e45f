"""Programmes, participants and enrolments."""

from __future__ import annotations

from zoneinfo import available_timezones

from marshmallow import Schema, fields, validate

from domain.programme import LOCALES
from domain.values import Role
from web.schemas.common import (
    SHORT_TEXT,
    Count,
    PositionSchema,
    Text,
    TextList,
    UtcDateTime,
    optional,
)

MEETING_EVERY_DAYS = validate.Range(min=1, max=90)
RETAIN_DAYS = validate.Range(min=1, max=3650)
RETAIN_DESCRIPTION = {
    "description": "Days the private text of an ended relationship is kept; then it is erased"
    " for good (`null`: kept)."
}


class ProgramCreateSchema(PositionSchema):
    name = Text(SHORT_TEXT, required=True)
    description = optional(Text)
    meeting_every_days = optional(Count, validate=MEETING_EVERY_DAYS)
    retain_private_text_days = optional(Count, validate=RETAIN_DAYS, metadata=RETAIN_DESCRIPTION)


class ProgramChangeSchema(Schema):
    """Any of a programme's fields; those left out stay as they are."""

    name = Text(SHORT_TEXT)
    description = Text(allow_none=True)
    meeting_every_days = Count(allow_none=True, validate=MEETING_EVERY_DAYS)
    retain_private_text_days = Count(
        allow_none=True, validate=RETAIN_DAYS, metadata=RETAIN_DESCRIPTION
    )


class ProgramSchema(ProgramCreateSchema):
    id = fields.UUID(dump_only=True)
    coordinators = fields.List(fields.String(), dump_only=True)
    created_at = UtcDateTime(attribute="created_on", dump_only=True)


class ParticipantFields(PositionSchema):
    name = Text(SHORT_TEXT, required=True)
    expertise = TextList(load_default=list)
    timezone = optional(fields.String, validate=validate.OneOf(sorted(available_timezones())))
    locale = optional(
        fields.String,
        "The language of reminders sent to them: `id` or `en`.",
        validate=validate.OneOf(LOCALES),
    )


class ParticipantCreateSchema(ParticipantFields):
    email = optional(fields.Email, validate=validate.Length(max=320))


class EnrolmentSchema(PositionSchema):
    program_id = fields.UUID(dump_only=True)
    participant_id = fields.UUID(required=True)
    roles = fields.List(
        fields.String(validate=validate.OneOf([r.value for r in Role])),
        required=True,
        validate=validate.Length(min=1, max=3),
    )


class EnrolledSchema(Schema):
    program_id = fields.UUID()
    roles = fields.List(fields.String())


class ParticipantSchema(ParticipantFields):
    id = fields.UUID(dump_only=True)
    email = fields.String(  # an address when given; after an erasure, no longer one
        allow_none=True,
        metadata={"description": 'Their e-mail address; "[erased]" once they were erased.'},
    )
    programs = fields.List(fields.Nested(EnrolledSchema), dump_only=True)
    erased_at = UtcDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"description": 'When they were erased: name and e-mail read "[erased]".'},
    )


class ErasureSchema(Schema):
    reason = Text(SHORT_TEXT, required=True, metadata={"description": "Why, for the record."})
