"""A relationship's history: every event, oldest first."""

from __future__ import annotations

import re
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


MAX_VERSION = 2**31


class StateQuerySchema(QuerySchema):
    as_of = UtcDateTime(metadata={"description": "The state as it stood at this time."})
    version = fields.Integer(
        validate=validate.Range(min=1, max=MAX_VERSION),
        metadata={"description": "The state as it stood at this version."},
    )

    @validates_schema
    def _one_moment(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "as_of" in data and "version" in data:
            raise ValidationError("Give as_of or version, not both.", "as_of")


VERSION_TEXT = re.compile(r"[0-9]{1,10}")
A_TIME = UtcDateTime()


class Moment(fields.Field[Any]):
    """A moment in a relationship's life: a version (a whole number), or a time."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and VERSION_TEXT.fullmatch(value):
            if int(value) > MAX_VERSION:
                raise ValidationError(f"A version must be at most {MAX_VERSION}.")
            return int(value)
        try:
            return A_TIME._deserialize(value, attr, data, **kwargs)
        except ValidationError:
            raise ValidationError(
                "Must be a version (a whole number) or an RFC 3339 date-time with an offset."
            ) from None


class ChangesQuerySchema(QuerySchema):
    from_ = Moment(
        required=True,
        data_key="from",
        metadata={
            "description": "From this version, or the version in force at this time.",
            "type": "string",
        },
    )
    to = Moment(
        metadata={
            "description": "To this version, or the version in force at this time; now if absent.",
            "type": "string",
        }
    )


class FieldChangeSchema(Schema):
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class ChangesSchema(Schema):
    relationship_id = fields.UUID()
    from_version = fields.Integer(metadata={"description": "0: before it existed."})
    to_version = fields.Integer()
    events = fields.List(
        fields.Nested(HistoryEventSchema),
        metadata={"description": "The events after from_version up to to_version, oldest first."},
    )
    changed = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(FieldChangeSchema),
        metadata={
            "description": "Each field of the relationship's state that differs, as the state"
            " reads at each version (null before it existed); `version` and `updated_at`,"
            " which move with every event, are left out."
        },
    )


UNCHANGING = frozenset({"version", "updated_at"})


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields of two dumps of a state that differ."""
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if name not in UNCHANGING and before.get(name) != value
    }
