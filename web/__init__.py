"""How Tandem is served: the Flask app factory."""

from __future__ import annotations

import http
from typing import Any

from flask import Flask, g
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from services.persistence.budget import REQUEST_SECONDS, end_deadline, start_deadline
from services.settings import Settings
from services.wiring import open_services
from web import commands
from web.auth import authenticate, open_to_anyone
from web.blueprints import (
    audit,
    calendars,
    collaboration,
    coordination,
    personal_data,
    programs,
    relationships,
    service,
    subscriptions,
)
from web.bodies import check_json_body
from web.errors import PROBLEM_JSON, register_error_handlers
from web.pages import init_languages, protect_forms, register_app, secure_app_headers
from web.schemas.common import ProblemSchema

MAX_BODY_BYTES = 64 * 1024
# Flask's and flask-smorest's configuration: constants of the app, not settings of a deployment
FLASK_CONFIG: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
    "API_TITLE": "Tandem",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/docs/assets/",
    # no badge that sends the document's address to the public validator
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "JSON_SORT_KEYS": False,
}
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


def create_app(settings: Settings | None = None) -> Flask:
    """The app on these settings; without any (`flask --app web`), on Settings.from_env()."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.from_mapping(FLASK_CONFIG, SECRET_KEY=settings.secret_key)
    services = open_services(
        settings.store,
        follow_log=settings.follow_log,
        seal_key=settings.sealing_key,
        webhooks=settings.webhook_settings,
        keys=settings.key_encryption,
        retention_every=settings.retention_every,
    )
    app.extensions["settings"] = settings
    app.extensions["services"] = services
    app.config["API_SPEC_OPTIONS"] = {
        "components": {"securitySchemes": {"bearerAuth": BEARER}},
        "security": [{"bearerAuth": []}],
    }
    api = TandemApi(app)
    for module in (programs, relationships, collaboration, coordination, audit, service):
        api.register_blueprint(module.blp)
    for module in (subscriptions, calendars):  # webhooks and calendars (issue 16)
        api.register_blueprint(module.blp)
    api.register_blueprint(personal_data.blp)  # export and erasure (issue 15)
    app.register_blueprint(service.assets)
    # what Flask and flask-smorest serve themselves: static files and the API's documentation
    open_to_anyone(app, "static", "api-docs.openapi_json", "api-docs.openapi_swagger_ui")
    register_app(app)
    init_languages(app)
    protect_forms(app)
    secure_app_headers(app)
    register_error_handlers(app)
    commands.init_app(app)
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
