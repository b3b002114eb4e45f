"""What a request body must be before any schema reads it: JSON, parseable, of a sane shape."""

from __future__ import annotations

import json
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest, UnprocessableEntity, UnsupportedMediaType


def check_json_body() -> None:
    """Before validation: a body must be JSON (415), parse (400) and fit in 64 KiB (413)."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE") or request.path.startswith("/app/"):
        return
    data = request.get_data(cache=True)
    if not data:
        return
    if not request.is_json:
        raise UnsupportedMediaType("The body must be application/json.")
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("The body is not valid JSON.") from None
    except RecursionError:
        raise _too_deep() from None
    _check_shape(body)


MAX_DEPTH = 32


def _too_deep() -> UnprocessableEntity:
    return UnprocessableEntity(f"The body is nested deeper than {MAX_DEPTH} levels.")


def _check_shape(body: Any) -> None:
    """Valid JSON can still hold what no command needs: deep nesting or broken Unicode text."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(value, dict):
            pending += [(key, depth) for key in value] + [(v, depth + 1) for v in value.values()]
        elif isinstance(value, list):
            pending += [(item, depth + 1) for item in value]
        elif isinstance(value, str) and not _is_unicode(value):
            raise BadRequest("The body holds text that is not valid Unicode.")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
