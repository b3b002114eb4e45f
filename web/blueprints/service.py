"""Service endpoints: liveness, readiness, and the API documentation's assets."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import flask
import flask_swagger_ui
from flask import Response, send_from_directory
from marshmallow import Schema, fields

from services.persistence.budget import deadline
from web.answers import services
from web.auth import public
from web.blueprints.base import Blueprint
from web.errors import RETRY_LATER, problem

log = logging.getLogger(__name__)
READY_SECONDS = 3.0  # /readyz answers within 5 s whatever the store does
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


@blp.get("/healthz", public=True, answer=(200, HealthSchema))
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@blp.get("/readyz", public=True, answer=(200, ReadinessSchema), problems=(503,))
def readyz() -> Any:
    """Storage answers and takes writes, and the views can advance; with their lag in events."""
    running = services()
    try:
        with deadline(READY_SECONDS):
            position = running.tandem.recorder.max_notification_id() or 0
            views = {"position": running.views.position(), "lag": running.projector.lag()}
            stall = running.projector.stalled or running.views.stall()
            writes = running.tandem.writes_failing()
    except Exception as error:  # any storage failure means not ready
        log.warning("Not ready: %s", error)
        return problem(503, "The store does not answer.", headers=RETRY_LATER)
    if writes is not None:
        return problem(503, writes, headers=RETRY_LATER)
    if stall is not None:
        return problem(503, stall.describe(), headers=RETRY_LATER)
    return {"status": "ready", "position": position, "projections": {"views": views}}


# The documentation's own files (Swagger UI 5, which renders OpenAPI 3.1), served by the app
# itself: no CDN, so /docs works offline and behind firewalls. No part of the API it documents.
assets = flask.Blueprint("docs_assets", __name__)
SWAGGER_UI = Path(flask_swagger_ui.__file__).parent / "dist"


@assets.route("/docs/assets/<path:filename>", methods=["GET"])
@public
def swagger_assets(filename: str) -> Response:
    return send_from_directory(SWAGGER_UI, filename)
