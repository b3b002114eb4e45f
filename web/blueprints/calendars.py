"""A participant's meetings as a calendar feed, and the key calendar apps read it with."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, request

from services.webhooks.calendars import Calendars, WrongKey
from web.answers import services
from web.auth import _caller_from, allow, caller
from web.blueprints.base import READ, Blueprint, problems
from web.errors import problem
from web.schemas.subscriptions import CalendarKeySchema, CalendarQuerySchema

blp = Blueprint("calendars", __name__, url_prefix="/api/participants", description="Calendar feeds")
ICS = "text/calendar"


def calendars() -> Calendars:
    return services().webhooks.calendars


@blp.errorhandler(WrongKey)
def _wrong_key(error: WrongKey) -> Response:
    return problem(401, str(error), headers={"WWW-Authenticate": 'Bearer realm="tandem"'})


@blp.route("/<uuid:participant_id>/calendar.ics", methods=["GET"])
@blp.arguments(CalendarQuerySchema, location="query")
@blp.doc(
    security=[{"bearerAuth": []}, {}],
    responses={
        "200": {
            "description": "An RFC 5545 calendar.",
            "content": {ICS: {"schema": {"type": "string"}}},
        }
    },
)
@problems(blp, *READ)
def calendar_feed(query: dict[str, Any], participant_id: UUID) -> Response:
    """Their meetings (UID the meeting id, SEQUENCE rising with each change, cancelled ones
    STATUS:CANCELLED), for that participant: with their token, or with `?key=`."""
    if "key" in query:
        feed = calendars().feed_by_key(participant_id, query["key"])
    else:
        feed = calendars().feed(
            _caller_from(request.headers.get("Authorization", "")), participant_id
        )
    return Response(feed, mimetype=ICS, headers={"Cache-Control": "private, max-age=300"})


@blp.route("/<uuid:participant_id>/calendar-key", methods=["POST"])
@allow("participant")
@blp.response(201, CalendarKeySchema)
@problems(blp, 401, 403, 404)
def issue_key(participant_id: UUID) -> dict[str, Any]:
    """A key for the feed that calendar apps can keep in its URL; any earlier key stops working."""
    key = calendars().issue_key(caller(), participant_id)
    base = services().webhooks.calendars.public_url or request.host_url.rstrip("/")
    url = f"{base}/api/participants/{participant_id}/calendar.ics?key={key}"
    return {"participant_id": participant_id, "key": key, "url": url}


@blp.route("/<uuid:participant_id>/calendar-key", methods=["DELETE"])
@allow("participant")
@blp.response(204)
@problems(blp, 401, 403, 404)
def revoke_key(participant_id: UUID) -> None:
    """Revoke the feed's key: its URL stops working."""
    calendars().revoke_key(caller(), participant_id)
