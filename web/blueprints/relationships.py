"""A relationship's life: requesting and answering, pausing and concluding, and its reads."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from flask import Response, url_for
from marshmallow import Schema

from services.coordination import ListQuery
from services.reads import Part
from web.actions import LIFE, Action
from web.answers import (
    NDJSON,
    Answer,
    changed,
    command,
    creating,
    prefers,
    seen,
    services,
)
from web.auth import PARTIES, PARTIES_AND_STAFF, caller
from web.blueprints.base import ETAG, LOCATION, READ, Blueprint
from web.blueprints.coordination import as_csv
from web.schemas.audit import VerificationSchema
from web.schemas.common import QuerySchema
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
    FeedbackPageSchema,
    MeetingPageSchema,
    PartsQuerySchema,
    RelationshipSchema,
    RequestSchema,
)

blp = Blueprint(
    "relationships", __name__, url_prefix="/api/relationships", description="Relationships"
)
READERS_OF_HISTORY = ("participant", "auditor", "admin")
PATH = "/<uuid:relationship_id>"
STATE = (200, RelationshipSchema, ETAG)  # the relationship's new state, as commands answer
Changed = tuple[Answer, dict[str, str]]
VERSION_HEADER = {
    "ETag": {
        "description": 'The version of the relationship the page reflects, as `"<version>"`:'
        " give it as `version` to read the next pages as they stood then.",
        "schema": {"type": "string"},
    }
}


def command_route(blueprint: Blueprint, action: Action) -> None:
    """Routes one of the relationship's actions: it answers the relationship's new state."""

    def view(body: dict[str, Any], relationship_id: UUID, **part: UUID) -> Changed:
        recorded = action.send(services().mentoring, command(), relationship_id, **part, **body)
        return changed(recorded)

    view.__name__, view.__doc__ = action.name, action.summary
    path = f"{PATH}/{action.path()}"
    blueprint.post(path, roles=action.roles, body=action.body, answer=STATE)(view)


@blp.post(
    "", roles=PARTIES, body=RequestSchema, answer=(201, RelationshipSchema, {**ETAG, **LOCATION})
)
def request_mentoring(body: dict[str, Any]) -> tuple[Answer, int, dict[str, str]]:
    """Ask another participant of the programme for mentoring or peer mentoring."""
    answer, headers = changed(services().mentoring.request_mentoring(creating(), **body))
    location = url_for(".get_relationship", relationship_id=answer.id)
    return answer, 201, {**headers, "Location": location}


@blp.get(
    "",
    roles=PARTIES_AND_STAFF,
    query=ListQuerySchema,
    answer=(200, PageSchema),
    problems=(*READ, 503),
    also=("text/csv", "A page of summaries; as CSV with `Accept: text/csv`."),
)
def list_relationships(query: dict[str, Any]) -> Any:
    """Relationship summaries, oldest first; `Accept: text/csv` for a spreadsheet."""
    services().coordination.await_position(query.pop("after", None))
    page = services().coordination.relationships(caller(), ListQuery(**query))
    if prefers("text/csv"):
        return as_csv(page)
    return page


@blp.get(PATH, roles=PARTIES_AND_STAFF, query=StateQuerySchema, answer=STATE)
def get_relationship(query: dict[str, Any], relationship_id: UUID) -> tuple[Any, dict[str, str]]:
    """The relationship now, or as it stood at `as_of` or at `version`."""
    return seen(services().reads.relationship(caller(), relationship_id, **query))


def parts_route(part: Part, page: type[Schema], summary: str) -> None:
    """Routes the pages of one list of the relationship's parts (meetings or feedback)."""

    def view(query: dict[str, Any], relationship_id: UUID) -> tuple[Any, dict[str, str]]:
        state, shown = services().reads.parts_page(caller(), relationship_id, part, **query)
        return seen(state, shown)

    view.__name__, view.__doc__ = f"list_{part}", summary
    answer = (200, page, VERSION_HEADER)
    blp.get(f"{PATH}/{part}", roles=PARTIES_AND_STAFF, query=PartsQuerySchema, answer=answer)(view)


parts_route(
    "meetings",
    MeetingPageSchema,
    "Every meeting, a page at a time, in the order of the state's `meetings`.",
)
parts_route(
    "feedback",
    FeedbackPageSchema,
    "Every piece of feedback, a page at a time, in the order of the state's `feedback`.",
)


@blp.get(
    PATH + "/changes",
    roles=PARTIES_AND_STAFF,
    query=ChangesQuerySchema,
    answer=(200, ChangesSchema),
)
def changes(query: dict[str, Any], relationship_id: UUID) -> dict[str, Any]:
    """What changed between two moments (each a version or a time; `to` now if absent): the
    events in between, and each field of the state before and after."""
    found = services().reads.changes(caller(), relationship_id, query["from_"], query.get("to"))
    reveal = found.after.reveals_private
    before = (
        {}
        if found.before is None
        else RelationshipSchema().dump(Answer(found.before, reveals_private=reveal))
    )
    after = RelationshipSchema().dump(Answer(found.after.relationship, reveals_private=reveal))
    return {
        "relationship_id": relationship_id,
        "from_version": found.from_version,
        "to_version": found.to_version,
        "events": found.events,
        "changed": changed_fields(before, after),
    }


@blp.get(
    PATH + "/history",
    roles=READERS_OF_HISTORY,
    query=QuerySchema,
    answer=(200, HistorySchema),
    also=(NDJSON, "The history; as NDJSON, an event a line, on request."),
)
def history(query: dict[str, Any], relationship_id: UUID) -> Any:
    """Every event of the relationship, oldest first, with who did it and when."""
    events = services().reads.history(caller(), relationship_id)
    if prefers(NDJSON):
        lines = (json.dumps(HistoryEventSchema().dump(event)) + "\n" for event in events)
        return Response(lines, mimetype=NDJSON)
    return {"relationship_id": relationship_id, "events": events}


@blp.get(
    PATH + "/history/verification",
    roles=READERS_OF_HISTORY,
    query=QuerySchema,
    answer=(200, VerificationSchema),
)
def verify_history(query: dict[str, Any], relationship_id: UUID) -> Any:
    """Whether the stored history is complete and unaltered since its last seal."""
    return services().evidence.verification(caller(), relationship_id)


for _action in LIFE:
    command_route(blp, _action)
