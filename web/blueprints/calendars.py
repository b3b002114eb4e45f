"""A participant's meetings as a calendar feed, and the key calendar apps read it with."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, g, request

from services.webhooks.calendars import Calendars, WrongKey
from web.answers import command, services
from web.auth import bearer_caller, public
from web.blueprints.base import Blueprint
from web.errors import problem
from web.schemas.subscriptions import CalendarKeySchema, CalendarQuerySchema, KeyRevokedSchema

blp = Blueprint("calendars", __name__, url_prefix="/api/participants", description="Calendar feeds")
ICS = "text/calendar"
PARTICIPANTS = ("participant",)


def calendars() -> Calendars:
    return services().webhooks.calendars


@blp.errorhandler(WrongKey)
def _wrong_key(error: WrongKey) -> Response:
    return problem(401, str(error), headers={"WWW-Authenticate": 'Bearer realm="tandem"'})


@blp.before_request
def _credentials() -> None:
    """The feed takes a key or a bearer token, checked before anything is answered (OPTIONS
    included): the authentication every other endpoint gets from its roles."""
    if request.endpoint != "calendars.calendar_feed":
        return
    participant_id = (request.view_args or {}).get("participant_id")
    key = request.args.get("key")
    if key is not None and isinstance(participant_id, UUID):
        g.calendar = calendars().feed_by_key(participant_id, key)
    else:
        g.caller = bearer_caller(request.headers.get("Authorization", ""))


# Not `blp.get`: a key in the URL or a bearer token, checked by _credentials above.
@blp.route("/<uuid:participant_id>/calendar.ics", methods=["GET"])
@public
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
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def calendar_feed(query: dict[str, Any], participant_id: UUID) -> Response:
    """Their meetings (UID the meeting id, SEQUENCE rising with each change, cancelled ones
    STATUS:CANCELLED), for that participant: with their token, or with `?key=`."""
    if "key" in query:
        feed = calendars().feed_by_key(participant_id, query["key"])
    else:
        feed = calendars().feed(
            bearer_caller(request.headers.get("Authorization", "")), participant_id
        )
    return Response(feed, mimetype=ICS, headers={"Cache-Control": "private, max-age=300"})


@blp.post(
    "/<uuid:participant_id>/calendar-key",
    roles=PARTICIPANTS,
    answer=(201, CalendarKeySchema),
    problems=(400, 401, 403, 404, 412, 413, 415),
)
def issue_key(participant_id: UUID) -> dict[str, Any]:
    """A key for the feed that calendar apps can keep in its URL; any earlier key stops working.
    The same Idempotency-Key answers the same key again."""
    key, recorded = calendars().issue_key(command(), participant_id)
    base = calendars().public_url or request.host_url.rstrip("/")
    url = f"{base}/api/participants/{participant_id}/calendar.ics?key={key}"
    return {"participant_id": participant_id, "key": key, "url": url, "position": recorded.position}


@blp.delete(
    "/<uuid:participant_id>/calendar-key",
    roles=PARTICIPANTS,
    answer=(200, KeyRevokedSchema),
    problems=(400, 401, 403, 404, 412),
)
def revoke_key(participant_id: UUID) -> dict[str, Any]:
    """Revoke the feed's key: its URL stops working."""
    recorded = calendars().revoke_key(command(), participant_id)
    return {"participant_id": participant_id, "position": recorded.position}
