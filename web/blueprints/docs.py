"""Documenting, in OpenAPI, the problems an endpoint may answer."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from flask_smorest import Blueprint

READ = (401, 403, 404, 422)
COMMAND = (400, 401, 403, 404, 409, 412, 413, 415, 422)
CREATE = (400, 401, 403, 413, 415, 422)


def problems(blp: Blueprint, *codes: int) -> Callable[[Any], Any]:
    def document(view: Any) -> Any:
        for code in codes:
            view = blp.alt_response(code, response=HTTPStatus(code).name)(view)
        return view

    return document
