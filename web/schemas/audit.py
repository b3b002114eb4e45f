"""The auditors' trail."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.sealing import Breach
from web.schemas.common import QuerySchema, UtcDateTime
from web.schemas.history import HistoryEventSchema


class AuditQuerySchema(QuerySchema):
    program_id = fields.UUID()
    relationship_id = fields.UUID()
    actor_id = fields.String(validate=validate.Length(min=1, max=200))
    type = fields.String(validate=validate.Length(min=1, max=100))
    since = UtcDateTime(metadata={"description": "Events that occurred at or after this time."})
    until = UtcDateTime(metadata={"description": "Events that occurred before this time."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String(validate=validate.Length(max=100))


class AuditEventSchema(HistoryEventSchema):
    """An event of a relationship's history, with where it stands in the log and whose it is."""

    position = fields.Integer()
    relationship_id = fields.UUID()


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEventSchema))
    next_cursor = fields.String(allow_none=True)


class ResealSchema(Schema):
    resealed_at = UtcDateTime(allow_none=True)
    versions = fields.List(fields.Integer(), metadata={"description": "The versions rewritten."})
    reason = fields.String()
    digests_before = fields.List(
        fields.String(), metadata={"description": "Their digests as first sealed, kept."}
    )
    checked = fields.Boolean(
        allow_none=True,
        metadata={
            "description": "Whether each rewritten version, opened, is what was first sealed;"
            " null once its key is erased (the digests kept are then the evidence)."
        },
    )


class VerificationSchema(Schema):
    relationship_id = fields.UUID()
    intact = fields.Boolean(metadata={"description": "Complete and unaltered since the seal."})
    events = fields.Integer(metadata={"description": "Events found in the store."})
    sealed_version = fields.Integer(metadata={"description": "The last version the seal covers."})
    sealed_at = UtcDateTime(allow_none=True)
    first_bad_version = fields.Integer(allow_none=True)
    problem = fields.String(
        allow_none=True,
        validate=validate.OneOf([breach.value for breach in Breach]),
    )
    detail = fields.String()
    reseals = fields.List(
        fields.Nested(ResealSchema),
        metadata={"description": "Versions rewritten on purpose since sealed, when and why."},
    )
