"""A relationship's life: requesting and answering, pausing and concluding, and its reads."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from flask import Response, url_for

from services.coordination import ListQuery
from web.answers import (
    NDJSON,
    Answer,
    changed,
    command,
    creating,
    etag,
    prefers,
    reveal_private_to_caller,
    services,
)
from web.auth import allow, caller
from web.blueprints.base import (
    COMMAND,
    ETAG,
    LOCATION,
    READ,
    Blueprint,
    also_as,
    command_docs,
    problems,
)
from web.blueprints.coordination import as_csv, coordination
from web.schemas.audit import VerificationSchema
from web.schemas.common import EmptySchema, QuerySchema
from web.schemas.coordination import ListQuerySchema, PageSchema
from web.schemas.history import (
    ChangesQuerySchema,
    ChangesSchema,
    HistoryEventSchema,
    HistorySchema,
    StateQuerySchema,
    changed_fields,
)
from web.schemas.relationships import (
    AcceptSchema,
    ConcludeSchema,
    FeedbackPageSchema,
    MeetingPageSchema,
    OptionalReasonSchema,
    PartsQuerySchema,
    PauseSchema,
    ReasonSchema,
    RelationshipSchema,
    RequestSchema,
)

blp = Blueprint(
    "relationships", __name__, url_prefix="/api/relationships", description="Relationships"
)
PARTIES = ("participant",)
PARTIES_AND_STAFF = ("participant", "coordinator", "admin")
Changed = tuple[Answer, dict[str, str]]
VERSION_HEADER = {
    "ETag": {
        "description": 'The version of the relationship the page reflects, as `"<version>"`:'
        " give it as `version` to read the next pages as they stood then.",
        "schema": {"type": "string"},
    }
}


@blp.route("", methods=["POST"])
@allow(*PARTIES)
@blp.arguments(RequestSchema)
@blp.response(201, RelationshipSchema, headers={**ETAG, **LOCATION})
@command_docs(blp, *COMMAND)
def request_mentoring(body: dict[str, Any]) -> tuple[Answer, int, dict[str, str]]:
    """Ask another participant of the programme for mentoring or peer mentoring."""
    answer, headers = changed(services().mentoring.request_mentoring(creating(), **body))
    location = url_for(".get_relationship", relationship_id=answer.id)
    return answer, 201, {**headers, "Location": location}


@blp.route("", methods=["GET"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, PageSchema)
@also_as(blp, "text/csv", PageSchema, "A page of summaries; as CSV with `Accept: text/csv`.")
@problems(blp, *READ, 503)
def list_relationships(query: dict[str, Any]) -> Any:
    """Relationship summaries, oldest first; `Accept: text/csv` for a spreadsheet."""
    coordination().await_position(query.pop("after", None))
    page = coordination().relationships(caller(), ListQuery(**query))
    if prefers("text/csv"):
        return as_csv(page)
    return page


@blp.route("/<uuid:relationship_id>", methods=["GET"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(StateQuerySchema, location="query")
@blp.response(200, RelationshipSchema, headers=ETAG)
@problems(blp, *READ)
def get_relationship(query: dict[str, Any], relationship_id: UUID) -> tuple[Any, dict[str, str]]:
    """The relationship now, or as it stood at `as_of` or at `version`."""
    view = services().reads.relationship(caller(), relationship_id, **query)
    reveal_private_to_caller(view.relationship)
    return view.relationship, etag(view.relationship.version)


@blp.route("/<uuid:relationship_id>/meetings", methods=["GET"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(PartsQuerySchema, location="query")
@blp.response(200, MeetingPageSchema, headers=VERSION_HEADER)
@problems(blp, *READ)
def list_meetings(query: dict[str, Any], relationship_id: UUID) -> tuple[Any, dict[str, str]]:
    """Every meeting, a page at a time, in the order of the state's `meetings`."""
    view, page = services().reads.parts_page(caller(), relationship_id, "meetings", **query)
    reveal_private_to_caller(view.relationship)
    return page, etag(view.relationship.version)


@blp.route("/<uuid:relationship_id>/feedback", methods=["GET"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(PartsQuerySchema, location="query")
@blp.response(200, FeedbackPageSchema, headers=VERSION_HEADER)
@problems(blp, *READ)
def list_feedback(query: dict[str, Any], relationship_id: UUID) -> tuple[Any, dict[str, str]]:
    """Every piece of feedback, a page at a time, in the order of the state's `feedback`."""
    view, page = services().reads.parts_page(caller(), relationship_id, "feedback", **query)
    reveal_private_to_caller(view.relationship)
    return page, etag(view.relationship.version)


@blp.route("/<uuid:relationship_id>/changes", methods=["GET"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(ChangesQuerySchema, location="query")
@blp.response(200, ChangesSchema)
@problems(blp, *READ)
def changes(query: dict[str, Any], relationship_id: UUID) -> dict[str, Any]:
    """What changed between two moments (each a version or a time; `to` now if absent): the
    events in between, and each field of the state before and after."""
    found = services().reads.changes(caller(), relationship_id, query["from_"], query.get("to"))
    reveal_private_to_caller(found.after.relationship)
    before = {} if found.before is None else RelationshipSchema().dump(found.before)
    return {
        "relationship_id": relationship_id,
        "from_version": found.from_version,
        "to_version": found.to_version,
        "events": found.events,
        "changed": changed_fields(before, RelationshipSchema().dump(found.after.relationship)),
    }


@blp.route("/<uuid:relationship_id>/history", methods=["GET"])
@allow("participant", "auditor", "admin")
@blp.arguments(QuerySchema, location="query")
@blp.response(200, HistorySchema)
@also_as(blp, NDJSON, HistorySchema, "The history; as NDJSON, an event a line, on request.")
@problems(blp, *READ)
def history(query: dict[str, Any], relationship_id: UUID) -> Any:
    """Every event of the relationship, oldest first, with who did it and when."""
    events = services().reads.history(caller(), relationship_id)
    if prefers(NDJSON):
        lines = (json.dumps(HistoryEventSchema().dump(event)) + "\n" for event in events)
        return Response(lines, mimetype=NDJSON)
    return {"relationship_id": relationship_id, "events": events}


@blp.route("/<uuid:relationship_id>/history/verification", methods=["GET"])
@allow("participant", "auditor", "admin")
@blp.arguments(QuerySchema, location="query")
@blp.response(200, VerificationSchema)
@problems(blp, *READ)
def verify_history(query: dict[str, Any], relationship_id: UUID) -> Any:
    """Whether the stored history is complete and unaltered since its last seal."""
    return services().evidence.verification(caller(), relationship_id)


@blp.route("/<uuid:relationship_id>/accept", methods=["POST"])
@allow(*PARTIES)
@blp.arguments(AcceptSchema)
@blp.response(200, RelationshipSchema, headers=ETAG)
@command_docs(blp, *COMMAND)
def accept(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """The invitee accepts the request."""
    return changed(services().mentoring.accept(command(), relationship_id, **body))


@blp.route("/<uuid:relationship_id>/decline", methods=["POST"])
@allow(*PARTIES)
@blp.arguments(ReasonSchema)
@blp.response(200, RelationshipSchema, headers=ETAG)
@command_docs(blp, *COMMAND)
def decline(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """The invitee declines the request."""
    return changed(services().mentoring.decline(command(), relationship_id, **body))


@blp.route("/<uuid:relationship_id>/withdraw", methods=["POST"])
@allow(*PARTIES)
@blp.arguments(OptionalReasonSchema)
@blp.response(200, RelationshipSchema, headers=ETAG)
@command_docs(blp, *COMMAND)
def withdraw(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """The requester withdraws the request while it is unanswered."""
    return changed(services().mentoring.withdraw(command(), relationship_id, **body))


@blp.route("/<uuid:relationship_id>/pause", methods=["POST"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(PauseSchema)
@blp.response(200, RelationshipSchema, headers=ETAG)
@command_docs(blp, *COMMAND)
def pause(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """A party or a coordinator of the programme pauses an active relationship."""
    return changed(services().mentoring.pause(command(), relationship_id, **body))


@blp.route("/<uuid:relationship_id>/resume", methods=["POST"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(EmptySchema)
@blp.response(200, RelationshipSchema, headers=ETAG)
@command_docs(blp, *COMMAND)
def resume(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """A party or a coordinator of the programme resumes a paused relationship."""
    return changed(services().mentoring.resume(command(), relationship_id))


@blp.route("/<uuid:relationship_id>/conclude", methods=["POST"])
@allow(*PARTIES_AND_STAFF)
@blp.arguments(ConcludeSchema)
@blp.response(200, RelationshipSchema, headers=ETAG)
@command_docs(blp, *COMMAND)
def conclude(body: dict[str, Any], relationship_id: UUID) -> Changed:
    """A party or a coordinator of the programme concludes the relationship with an outcome."""
    return changed(services().mentoring.conclude(command(), relationship_id, **body))
