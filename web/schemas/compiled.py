"""Dumping big documents fast: a schema's fields composed once into plain functions.

A long relationship's document holds up to 50 meetings and 50 pieces of feedback, each a nested
object; marshmallow spends most of its time per field on machinery these schemas do not use
(hooks, defaults, accessors).
`compiled(Schema, reveal_private)` reads the same declared fields and gives the same answer, key
for key (tests/api/test_compiled_dump.py compares the two); a field type it does not know is
refused when compiling, so a new kind of field cannot silently dump differently.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields

from services.history import utc_text
from web.schemas.common import Latest, Private, Total, UtcDateTime, latest

Dump = Callable[[Any], Any]
MISSING = object()


@functools.cache
def compiled(schema_class: type[Schema], reveal_private: bool) -> Dump:
    """A function dumping one object as `schema_class().dump` would (objects, not dicts), private
    text shown or withheld throughout: a variant for each."""
    schema = schema_class()
    parts = [
        (field.data_key or name, field.attribute or name, _field(field, reveal_private))
        for name, field in schema.dump_fields.items()
    ]

    def dump(obj: Any) -> dict[str, Any]:
        document = {}
        for key, attribute, serialize in parts:
            value = getattr(obj, attribute, MISSING)
            if value is not MISSING:
                document[key] = serialize(value)
        return document

    return dump


def _field(field: fields.Field[Any], reveal_private: bool) -> Dump:
    if isinstance(field, Private):
        inner = _field(field.inner, reveal_private)
        return lambda v: None if v is None or not reveal_private else inner(v)
    if isinstance(field, fields.Nested) and not field.many and isinstance(field.nested, type):
        nested = compiled(field.nested, reveal_private)
        return lambda v: None if v is None else nested(v)
    if isinstance(field, Latest):
        each, count = _field(field.inner, reveal_private), field.count
        return lambda v: None if v is None else [each(i) for i in latest(v, count)]
    if isinstance(field, Total):
        return lambda v: None if v is None else len(v)
    if isinstance(field, fields.List):
        each = _field(field.inner, reveal_private)
        return lambda v: None if v is None else [each(i) for i in v]
    if isinstance(field, UtcDateTime):
        return lambda v: None if v is None else utc_text(v)
    if type(field) in (fields.String, fields.UUID):
        return lambda v: None if v is None else str(v)
    if type(field) is fields.Integer and not field.as_string:
        return lambda v: None if v is None else int(v)
    raise TypeError(f"No compiled dump for {type(field).__name__}: dump with marshmallow.")
