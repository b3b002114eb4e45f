"""A relationship's history: every event, oldest first."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.history import jsonable
from web.schemas.common import QuerySchema, UtcDateTime


class EventData(fields.Field[Any]):
    """An event's own fields, as JSON: ids as strings, times in UTC with `Z`."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return jsonable(value)


class HistoryEventSchema(Schema):
    version = fields.Integer()
    type = fields.String()
    occurred_at = UtcDateTime()
    actor_id = fields.String()
    data = EventData(metadata={"type": "object"})


class HistorySchema(Schema):
    relationship_id = fields.UUID()
    events = fields.List(fields.Nested(HistoryEventSchema))


class StateQuerySchema(QuerySchema):
    as_of = UtcDateTime(metadata={"description": "The state as it stood at this time."})
    version = fields.Integer(
        validate=validate.Range(min=1, max=2**31),
        metadata={"description": "The state as it stood at this version."},
    )

    @validates_schema
    def _one_moment(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "as_of" in data and "version" in data:
            raise ValidationError("Give as_of or version, not both.", "as_of")
