"""Fields and schemas every resource shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypedDict, TypeVar

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate
from marshmallow.experimental.context import Context

from services.history import utc_text

SHORT_TEXT = validate.Length(min=1, max=200)
LONG_TEXT = validate.Length(min=1, max=4000)
F = TypeVar("F", bound=fields.Field[Any])


class UtcDateTime(fields.DateTime):
    """RFC 3339 with an offset on the way in; UTC with `Z` on the way out."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is None or not isinstance(value, str) or "T" not in value.upper():
            raise ValidationError("Must be an RFC 3339 date-time with an offset.")
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise ValidationError("Must lie within the years 1 to 9999 in UTC.") from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return utc_text(value)


def vocabulary(values: type[StrEnum], **kwargs: Any) -> fields.String:
    """A string that is one of an enum's values: checked on the way in, listed in the OpenAPI
    document both ways."""
    return fields.String(validate=validate.OneOf([v.value for v in values]), **kwargs)


def Text(validator: validate.Validator = LONG_TEXT, **kwargs: Any) -> fields.String:
    """A string that must hold something other than white space, and that every store can keep."""
    return fields.String(validate=[validator, _not_blank, storable], **kwargs)


def TextList(min_items: int = 0, max_items: int = 20, **kwargs: Any) -> fields.List[Any]:
    """A list of short texts, e.g. topics."""
    length = validate.Length(min=min_items, max=max_items)
    return fields.List(Text(SHORT_TEXT), validate=length, **kwargs)


def optional(field: Callable[..., F], description: str | None = None, **kwargs: Any) -> F:
    """A field that may be left out or null (both loaded as None), described if `description`."""
    if description is not None:
        kwargs["metadata"] = {"description": description}
    return field(load_default=None, allow_none=True, **kwargs)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


NOT_STORABLE = "Must not hold NUL characters or lone surrogates."


def storable(value: str) -> None:
    """PostgreSQL's text cannot hold NUL, nor UTF-8 a lone surrogate: refused on every store."""
    if "\x00" in value:
        raise ValidationError(NOT_STORABLE)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(NOT_STORABLE) from None


class Reader(TypedDict):
    """What the service decided the reader of one answer may see."""

    reveals_private: bool


READER = Context[Reader]


def reveals_private(answer: Any) -> bool:
    """Whether the service let this answer's reader see private text: only if it says so."""
    return getattr(answer, "reveals_private", False) is True


class PrivateTextSchema(Schema):
    """An answer holding the parties' private text: its `Private` fields show it only when the
    answer carries the service's decision that its reader may see it (`reveals_private`)."""

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        with READER({"reveals_private": reveals_private(obj)}):
            return super().dump(obj, many=many)


class Private(fields.Field[Any]):
    """Free text private to the two parties: null for every other reader, and wherever no
    `PrivateTextSchema` says who reads."""

    def __init__(self, inner: fields.Field[Any], **kwargs: Any) -> None:
        super().__init__(**{"allow_none": True, **kwargs})
        self.inner = inner

    def _bind_to_schema(self, field_name: str, parent: Any) -> None:
        super()._bind_to_schema(field_name, parent)
        self.inner._bind_to_schema(field_name, self)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None or not READER.get({"reveals_private": False})["reveals_private"]:
            return None
        return self.inner._serialize(value, attr, obj, **kwargs)


class Latest(fields.List[Any]):
    """The last `count` items of a list: a long relationship's document stays small."""

    def __init__(self, inner: fields.Field[Any], count: int, **kwargs: Any) -> None:
        super().__init__(inner, **kwargs)
        self.count = count

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return super()._serialize(latest(value, self.count), attr, obj, **kwargs)


def latest(value: Any, count: int) -> Any:
    return None if value is None else list(value)[-count:]


class Total(fields.Integer):
    """How many items a list holds, however many of them the document shows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"dump_only": True, **kwargs})  # read from a list another field shows

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> int | None:
        return None if value is None else len(value)


def Count(**kwargs: Any) -> fields.Integer:
    """A whole number in a body: "45" and 45.5 are refused, not converted."""
    return fields.Integer(strict=True, **kwargs)


class EmptySchema(Schema):
    pass


class QuerySchema(Schema):
    """Query parameters; one the endpoint does not know is refused, as in bodies."""

    class Meta:
        unknown = RAISE

    @pre_load
    def _refuse_text_no_store_can_hold(self, data: Any, **kwargs: Any) -> Any:
        """Every parameter, whatever its field, before it reaches a filter or a store."""
        errors = {}
        for name in data:
            for value in data.getlist(name) if hasattr(data, "getlist") else [data[name]]:
                try:
                    storable(name)
                    storable(str(value))
                except ValidationError as error:
                    errors[name] = error.messages
        if errors:
            raise ValidationError(errors)
        return data


class PageQuerySchema(QuerySchema):
    limit = fields.Integer(
        load_default=50,
        validate=validate.Range(min=1, max=200),
        metadata={"description": "Items a page holds (1 to 200)."},
    )
    cursor = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "The previous page's `next_cursor`; absent for the first page."},
    )


class PositionSchema(Schema):
    position = fields.Integer(
        dump_only=True, metadata={"description": "Log position of the command's last event."}
    )


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Field -> messages; on 422 only."},
    )
