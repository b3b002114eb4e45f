"""Service endpoints: liveness, readiness, and the API documentation's assets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flask
import flask_swagger_ui
from flask import Response, current_app, send_from_directory
from marshmallow import Schema, fields

from web.answers import tandem
from web.blueprints.base import Blueprint
from web.errors import problem

blp = Blueprint("service", __name__, description="Service health")


class HealthSchema(Schema):
    status = fields.String()


class ReadinessSchema(HealthSchema):
    position = fields.Integer(metadata={"description": "The last position in the event log."})
    projections = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        metadata={"description": "Each projection's position and lag in events."},
    )


@blp.route("/healthz", methods=["GET"])
@blp.doc(security=[])
@blp.response(200, HealthSchema)
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.doc(security=[])
@blp.response(200, ReadinessSchema)
@blp.alt_response(503, response="SERVICE_UNAVAILABLE")
def readyz() -> Any:
    """Storage answers; with the projections' lag in events."""
    projector = current_app.extensions["services"].projector
    try:
        position = tandem().recorder.max_notification_id() or 0
        views = {"position": projector.views.position(), "lag": projector.lag()}
    except Exception as error:  # any storage failure means not ready
        return problem(503, f"Storage does not answer: {error}", headers={"Retry-After": "5"})
    return {"status": "ready", "position": position, "projections": {"views": views}}


# The documentation's own files (Swagger UI 5, which renders OpenAPI 3.1), served by the app
# itself: no CDN, so /docs works offline and behind firewalls. No part of the API it documents.
assets = flask.Blueprint("docs_assets", __name__)
SWAGGER_UI = Path(flask_swagger_ui.__file__).parent / "dist"


@assets.route("/docs/assets/<path:filename>", methods=["GET"])
def swagger_assets(filename: str) -> Response:
    return send_from_directory(SWAGGER_UI, filename)
