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
CREATE = (400, 401, 403, 413, 415, 422)


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


def also_as(blp: Blueprint, media_type: str, schema: Any, description: str) -> Callable[[Any], Any]:
    """Documents a second representation of the 200 answer, beside its JSON one."""
    content = {"application/json": {"schema": schema}, media_type: {"schema": {"type": "string"}}}
    return blp.doc(responses={"200": {"description": description, "content": content}})  # type: ignore[no-any-return]
