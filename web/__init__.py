"""How Tandem is served: the Flask app factory."""

from __future__ import annotations

import http
from collections.abc import Mapping
from typing import Any

from flask import Flask, g
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from services.persistence.budget import REQUEST_SECONDS, end_deadline, start_deadline
from services.wiring import open_services
from web.auth import authenticate
from web.blueprints import (
    audit,
    collaboration,
    coordination,
    programs,
    relationships,
    service,
)
from web.config import configure, seal_key, store_of
from web.errors import PROBLEM_JSON, check_json_body, register_error_handlers
from web.pages import init_languages, protect_forms, register_app, secure_app_headers
from web.schemas.common import ProblemSchema

BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
# The headers that come with some problems, documented on every answer of that status
ERROR_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "`Bearer`, with the realm: how to authenticate.",
            "required": True,
            "schema": {"type": "string"},
        }
    },
    409: {
        "Retry-After": {
            **RETRY_AFTER,
            "description": "Only when the command lost a race with other writers (retry then).",
        }
    },
    503: {"Retry-After": {**RETRY_AFTER, "required": True}},
}


class TandemApi(Api):  # type: ignore[misc]
    """flask-smorest, documenting every error as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            if status in ERROR_HEADERS:
                response["headers"] = ERROR_HEADERS[status]
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, test_config)
    services = open_services(
        store_of(app.config), follow_log=app.config["FOLLOW_LOG"], seal_key=seal_key(app.config)
    )
    app.extensions["services"] = services
    app.extensions["tandem"] = services.tandem
    app.config["API_SPEC_OPTIONS"] = {
        "components": {"securitySchemes": {"bearerAuth": BEARER}},
        "security": [{"bearerAuth": []}],
    }
    api = TandemApi(app)
    for module in (programs, relationships, collaboration, coordination, audit, service):
        api.register_blueprint(module.blp)
    app.register_blueprint(service.assets)
    register_app(app)
    init_languages(app)
    protect_forms(app)
    secure_app_headers(app)
    register_error_handlers(app)
    app.before_request(_start_deadline)
    app.before_request(authenticate)
    app.before_request(check_json_body)
    app.after_request(_end_deadline)
    app.teardown_request(_end_deadline)
    return app


def _start_deadline() -> None:
    """Whatever the store does, the answer comes in seconds (a stream's body is exempt)."""
    g.store_deadline = start_deadline(REQUEST_SECONDS)


def _end_deadline(answer: Any = None) -> Any:
    token = g.pop("store_deadline", None)
    if token is not None:
        end_deadline(token)
    return answer
