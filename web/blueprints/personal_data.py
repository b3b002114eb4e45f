"""Personal data: a participant's export (everything held about them) and their erasure."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, stream_with_context

from services.privacy.export import MEDIA_TYPE
from web.answers import Answer, command, services
from web.auth import allow, caller
from web.blueprints.base import COMMAND, Blueprint
from web.schemas.programs import ErasureSchema, ParticipantSchema

blp = Blueprint(
    "personal_data", __name__, url_prefix="/api/participants", description="Personal data"
)


# Not `blp.get`: its answer is NDJSON only, documented here.
@blp.route("/<uuid:participant_id>/export", methods=["GET"])
@allow("participant", "admin")
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(503, response="SERVICE_UNAVAILABLE")
@blp.doc(
    responses={
        "200": {
            "description": "NDJSON: first the participant with their enrolments (`record`:"
            ' "participant"), then every event of every relationship they are a party to'
            ' (`record`: "event"), oldest first, with the private text of both parties in full.',
            "content": {MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    }
)
def export(participant_id: UUID) -> Response:
    """Everything Tandem holds about a participant, for them and for admins."""
    lines = services().export.lines(caller(), participant_id)  # refusals come before the stream
    return Response(stream_with_context(lines), mimetype=MEDIA_TYPE)


@blp.post(
    "/<uuid:participant_id>/erasure",
    roles=("admin",),
    body=ErasureSchema,
    answer=(200, ParticipantSchema),
    problems=COMMAND,
)
def erase(body: dict[str, Any], participant_id: UUID) -> Answer:
    """Erase a participant for good: their name and e-mail, and the private text of every
    relationship they are a party to, read "[erased]" for every reader; who did what and when
    stays, and every history still verifies. The erasure (by whom, when, why) is recorded.
    Again: 409."""
    recorded = services().erasures.erase_participant(command(), participant_id, body["reason"])
    return Answer(recorded.aggregate, position=recorded.position)
