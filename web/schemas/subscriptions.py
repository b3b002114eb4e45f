"""Subscriptions, their deliveries and replays; participants' calendar keys."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.webhooks.addresses import MAX_URL
from services.webhooks.messages import TYPES
from services.webhooks.subscriptions import STATUSES
from web.schemas.common import PageQuerySchema, PositionSchema, QuerySchema, UtcDateTime, storable
from web.schemas.coordination import AFTER

TYPES_FIELD = fields.List(
    fields.String(validate=validate.OneOf(TYPES)),
    validate=validate.Length(max=len(TYPES)),
    metadata={"description": "The CloudEvents types to deliver; absent or empty: every type."},
)


class SubscriptionCreateSchema(PositionSchema):
    url = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=MAX_URL), storable],
        metadata={
            "description": "Where events are POSTed: http(s); outside development never a"
            " private, loopback or link-local address (checked again at every delivery)."
        },
    )
    program_id = fields.UUID(required=True)
    types = TYPES_FIELD


class DeliveryCountsSchema(Schema):
    pending = fields.Integer()
    delivered = fields.Integer()
    failed = fields.Integer()


class SubscriptionSchema(SubscriptionCreateSchema):
    id = fields.UUID(dump_only=True)
    created_at = UtcDateTime(dump_only=True)
    secret = fields.String(
        dump_only=True,
        metadata={"description": "The signing secret (`whsec_...`), in the creating answer only."},
    )
    deliveries = fields.Nested(
        DeliveryCountsSchema,
        dump_only=True,
        metadata={"description": "How many deliveries are pending, delivered and failed."},
    )


class SubscriptionListSchema(Schema):
    items = fields.List(fields.Nested(SubscriptionSchema))


class SubscriptionQuerySchema(QuerySchema):
    program_id = fields.UUID()
    after = AFTER


class DeliveryQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    after = AFTER


class DeliverySchema(Schema):
    id = fields.Integer(metadata={"description": "The delivery's place among all deliveries."})
    webhook_id = fields.String(metadata={"description": "`webhook-id` and CloudEvents `id`."})
    type = fields.String()
    position = fields.Integer(
        allow_none=True, metadata={"description": "The event's log position; null: a reminder."}
    )
    relationship_id = fields.UUID()
    status = fields.String(validate=validate.OneOf(STATUSES))
    attempts = fields.Integer()
    queued_at = UtcDateTime()
    last_attempt_at = UtcDateTime(allow_none=True)
    next_attempt_at = UtcDateTime(allow_none=True)
    response_status = fields.Integer(allow_none=True)
    error = fields.String(
        allow_none=True, metadata={"description": "What went wrong last: a short excerpt."}
    )
    done_at = UtcDateTime(allow_none=True, metadata={"description": "When delivered or failed."})


class DeliveryPageSchema(Schema):
    items = fields.List(fields.Nested(DeliverySchema))
    next_cursor = fields.String(allow_none=True)


class ReplaySchema(PositionSchema):
    id = fields.UUID(dump_only=True)
    from_position = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1),
        metadata={"description": "The first log position delivered again (1: all history)."},
    )


class DeletedSchema(PositionSchema):
    id = fields.UUID()
    deleted = fields.Boolean()


class CalendarKeySchema(PositionSchema):
    participant_id = fields.UUID()
    key = fields.String(metadata={"description": "Shown this once; a new one revokes it."})
    url = fields.String(metadata={"description": "The feed's address with the key."})


class KeyRevokedSchema(PositionSchema):
    participant_id = fields.UUID()


class CalendarQuerySchema(QuerySchema):
    key = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "A key from `calendar-key`, instead of a bearer token."},
    )
