"""The auditors' trail of every relationship event, as pages or as an NDJSON export."""

from __future__ import annotations

from typing import Any

from flask import Response, stream_with_context

from services.auditing import AuditQuery
from web.answers import NDJSON, prefers, services
from web.auth import caller
from web.blueprints.base import Blueprint
from web.schemas.audit import AuditPageSchema, AuditQuerySchema

blp = Blueprint("audit", __name__, url_prefix="/api/audit", description="Auditing")


@blp.get(
    "/events",
    roles=("auditor", "admin"),
    query=AuditQuerySchema,
    answer=(200, AuditPageSchema),
    also=(NDJSON, "A page of events; every match as NDJSON on request."),
)
def audit_events(query: dict[str, Any]) -> Any:
    """Every relationship event in log order, private text withheld; NDJSON streams them all."""
    wanted = AuditQuery(**query)
    if prefers(NDJSON):
        lines = services().audit.export(caller(), wanted)
        first = next(lines, "")  # refusals surface now, as a problem, not mid-stream
        return Response(stream_with_context(_chain(first, lines)), mimetype=NDJSON)
    return services().audit.events(caller(), wanted)


def _chain(first: str, rest: Any) -> Any:
    if first:
        yield first
    yield from rest
