"""What every blueprint shares: one way to declare a route, strict parsing, and the problems and
headers it documents in OpenAPI."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar, cast

import flask_smorest
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

from services.policy import ROLES
from web import auth

F = TypeVar("F", bound=Callable[..., Any])

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

    def get(self, path: str, **declared: Any) -> Callable[[F], F]:
        """A read, declared as `endpoint` says."""
        return endpoint(self, "GET", path, **declared)

    def post(self, path: str, **declared: Any) -> Callable[[F], F]:
        """A command, declared as `endpoint` says."""
        return endpoint(self, "POST", path, **declared)

    def delete(self, path: str, **declared: Any) -> Callable[[F], F]:
        """A command that ends something, declared as `endpoint` says."""
        return endpoint(self, "DELETE", path, **declared)


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


def endpoint(
    blp: Blueprint,
    method: str,
    path: str,
    *,
    answer: tuple[int, Any] | tuple[int, Any, Mapping[str, Any]],
    roles: Iterable[str] = (),
    public: bool = False,
    query: Any = None,
    body: Any = None,
    problems: Iterable[int] | None = None,
    also: tuple[str, str] | None = None,
    records: bool = True,
) -> Callable[[F], F]:
    """Routes a view and says everything about it once: who may call it (`roles`, or `public`),
    the schemas of its query and body, its answer (status, schema and any headers), the problems
    it may answer (by default a read's or a command's; none if public), and another
    representation `also` = (media type, description). A command (any method but GET, unless it
    `records` nothing) documents If-Match and Idempotency-Key. The view receives the query, then
    the body, then the path."""
    allowed = tuple(roles)
    if bool(allowed) == public:
        raise ValueError(f"{method} {path}: name the roles that may call it, or make it public.")
    if unknown := set(allowed) - ROLES:
        raise ValueError(f"{method} {path}: no such roles as {sorted(unknown)}.")
    status, schema, *headers = answer
    command = method != "GET" and records
    default = () if public else COMMAND if command else READ
    codes = default if problems is None else tuple(problems)

    def register(view: F) -> F:
        routed: Any = view
        for code in codes:
            routed = blp.alt_response(code, response=HTTPStatus(code).name)(routed)
        if command:
            routed = blp.doc(parameters=[IF_MATCH, IDEMPOTENCY_KEY])(routed)
        if also is not None:
            routed = _also_as(blp, also[0], schema, also[1])(routed)
        if public:
            routed = blp.doc(security=[])(routed)
        routed = blp.response(status, schema, headers=headers[0] if headers else None)(routed)
        if body is not None:
            routed = blp.arguments(body)(routed)
        if query is not None:
            routed = blp.arguments(query, location="query")(routed)
        routed = auth.public(routed) if public else auth.allow(*allowed)(routed)
        return cast(F, blp.route(path, methods=[method])(routed))

    return register


def _also_as(blp: Blueprint, media_type: str, schema: Any, description: str) -> Any:
    """Documents a second representation of the 200 answer, beside its JSON one."""
    content = {"application/json": {"schema": schema}, media_type: {"schema": {"type": "string"}}}
    return blp.doc(responses={"200": {"description": description, "content": content}})
