"""What every blueprint shares: strict parsing and the problems it documents in OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import flask_smorest
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

READ = (401, 403, 404, 422)
COMMAND = (400, 401, 403, 404, 409, 412, 413, 415, 422)
CREATE = (400, 401, 403, 412, 413, 415, 422)


class StrictParser(FlaskParser):
    """Unknown query parameters are refused (422), as unknown body fields are."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": RAISE,
        "querystring": RAISE,
    }


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema: Any, **kwargs: Any) -> Any:
        """One schema instance per endpoint, made once, rather than one per request."""
        return super().arguments(schema() if isinstance(schema, type) else schema, **kwargs)


def problems(blp: Blueprint, *codes: int) -> Callable[[Any], Any]:
    def document(view: Any) -> Any:
        for code in codes:
            view = blp.alt_response(code, response=HTTPStatus(code).name)(view)
        return view

    return document


# Any string may be sent: what is not `*` or a list of entity tags (RFC 9110) is answered 400.
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "example": "*",
    "description": (
        "Record the command only if the relationship is still at a version named here: `*` (any),"
        ' or entity tags as `ETag` gives them (`"7"`, or a list `"6", "7"`), compared strongly:'
        " a weak tag or one of another form matches nothing. Otherwise 412 and nothing is"
        " recorded. A command that creates has no version yet: only `*` holds. Not `*` nor a"
        " list of entity tags (RFC 9110): 400."
    ),
}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[ -~]+$"},
    "description": (
        "1 to 200 printable ASCII characters (space to `~`), else 422. The same key and body"
        " again answers the first answer and records nothing new; the same key with another"
        " body: 422."
    ),
}
ETAG = {
    "ETag": {
        "description": 'The relationship\'s version, `"<version>"`: send it back in If-Match.',
        "required": True,
        "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
    }
}
LOCATION = {
    "Location": {
        "description": "Where the new relationship is read.",
        "required": True,
        "schema": {"type": "string"},
    }
}


def command_docs(blp: Blueprint, *codes: int) -> Callable[[Any], Any]:
    """Documents a command: the problems it may answer, and the headers it takes."""
    document = problems(blp, *codes)
    headers = blp.doc(parameters=[IF_MATCH, IDEMPOTENCY_KEY])
    return lambda view: headers(document(view))


def also_as(blp: Blueprint, media_type: str, schema: Any, description: str) -> Callable[[Any], Any]:
    """Documents a second representation of the 200 answer, beside its JSON one."""
    content = {"application/json": {"schema": schema}, media_type: {"schema": {"type": "string"}}}
    return blp.doc(responses={"200": {"description": description, "content": content}})  # type: ignore[no-any-return]
