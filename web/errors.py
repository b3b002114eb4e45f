"""Every error as application/problem+json (RFC 9457)."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, TypedDict, Unpack

from eventsourcing.persistence import PersistenceError
from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from domain.errors import DomainError, InvalidReference, NotAllowed, UnknownPart
from services.coordination import NotCaughtUp
from services.errors import (
    Contention,
    DamagedHistory,
    IdempotencyMismatch,
    NotFound,
    PreconditionFailed,
    StoreUnavailable,
    ViewsStalled,
)
from services.persistence.budget import unavailable

PROBLEM_JSON = "application/problem+json"
RETRY_LATER = {"Retry-After": "5"}
UNEXPECTED = "Something went wrong on our side; nothing was recorded."
SLUGS = {
    400: "malformed-json",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    422: "validation",
    431: "request-header-fields-too-large",
    503: "unavailable",
}


class Details(TypedDict, total=False):
    """What a problem may say besides its status and detail: its type's slug (else the
    status's), its title (else the status's phrase), and the fields at fault."""

    slug: str | None
    title: str | None
    errors: dict[str, list[str]] | None


def problem(
    status: int,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **details: Unpack[Details],
) -> Response:
    body = problem_document(status, detail, **details)
    answer = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    answer.headers.update(headers or {})
    return answer


def problem_document(status: int, detail: str, **details: Unpack[Details]) -> dict[str, Any]:
    """The problem's JSON body, for the app and for gunicorn's own answers alike."""
    title = details.get("title") or ("Validation failed" if status == 422 else None)
    body: dict[str, Any] = {
        "type": f"/problems/{details.get('slug') or SLUGS.get(status, 'error')}",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if (errors := details.get("errors")) is not None:
        body["errors"] = errors
    return body


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested messages as one map of field path -> messages."""
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        flat.update(flatten(value, path))
    return flat


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="tandem"'
    if status == 503:
        headers.update(RETRY_LATER)
    if status == 405:
        headers["Allow"] = error.get_response().headers.get("Allow", "")
    if status == 422:
        messages = getattr(error, "data", {}).get("messages", {})
        # webargs nests messages by location ("json", "query"); clients want the fields
        located = messages.get("json") or messages.get("query") or messages
        errors = flatten(located) if located else {"_schema": [str(error.description)]}
        return problem(422, "The request is not valid.", errors=errors)
    return problem(status, error.description or HTTPStatus(status).phrase, headers=headers)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)

    @app.errorhandler(DomainError)
    def _domain_rule(error: DomainError) -> Response:
        return problem(409, str(error), slug=error.slug, title=error.title)

    @app.errorhandler(NotAllowed)
    def _not_allowed(error: NotAllowed) -> Response:
        return problem(403, str(error))

    @app.errorhandler(NotFound)
    @app.errorhandler(UnknownPart)
    def _not_found(error: Exception) -> Response:
        return problem(404, str(error))

    @app.errorhandler(PreconditionFailed)
    def _precondition(error: PreconditionFailed) -> Response:
        return problem(412, str(error))

    @app.errorhandler(InvalidReference)
    def _invalid_reference(error: InvalidReference) -> Response:
        return problem(422, "The request is not valid.", errors={error.field: [str(error)]})

    @app.errorhandler(IdempotencyMismatch)
    def _idempotency(error: IdempotencyMismatch) -> Response:
        return problem(422, str(error), errors={"Idempotency-Key": [str(error)]})

    @app.errorhandler(NotCaughtUp)
    def _not_caught_up(error: NotCaughtUp) -> Response:
        return problem(503, str(error), headers={"Retry-After": "1"})

    @app.errorhandler(DamagedHistory)
    def _damaged(error: DamagedHistory) -> Response:
        return problem(409, str(error), slug="damaged-history", title="Damaged history")

    @app.errorhandler(Contention)
    def _contention(error: Contention) -> Response:
        return problem(409, str(error), headers={"Retry-After": "1"})

    @app.errorhandler(ViewsStalled)
    def _views_stalled(error: ViewsStalled) -> Response:
        return problem(503, str(error), slug="views-stalled", headers=RETRY_LATER)

    @app.errorhandler(StoreUnavailable)
    def _store_unavailable(error: StoreUnavailable) -> Response:
        return problem(503, str(error), slug="store-unavailable", headers=RETRY_LATER)

    @app.errorhandler(PersistenceError)
    def _store_failed(error: PersistenceError) -> Response:
        # whatever the store raised that no service turned into a StoreUnavailable
        app.logger.warning("The store failed: %s", error)
        return _store_unavailable(unavailable(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        app.logger.exception("Unexpected error")
        return problem(500, UNEXPECTED)
