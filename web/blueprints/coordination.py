"""Programme status and mentoring lineage, answered from the views."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from flask import Response, request

from services.paging import Page
from web.answers import prefers, services
from web.auth import caller
from web.blueprints.base import READ, Blueprint
from web.schemas import analytics as schemas
from web.schemas.coordination import (
    CSV_COLUMNS,
    AfterSchema,
    LineageSchema,
    ProgramStatusSchema,
    StatusQuerySchema,
    SummarySchema,
)

blp = Blueprint("coordination", __name__, url_prefix="/api", description="Coordinators' views")


def as_csv(page: Page[dict[str, Any]]) -> Response:
    """The page's summaries as CSV, one row a relationship; the cursor goes in a Link header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(SummarySchema(many=True).dump(page.items))
    answer = Response(out.getvalue(), mimetype="text/csv")
    if page.next_cursor:
        answer.headers["Link"] = f'<{_next_page_url(page.next_cursor)}>; rel="next"'
    return answer


def _next_page_url(cursor: str) -> str:
    args = {**request.args.to_dict(), "cursor": cursor}
    return f"{request.path}?{urlencode(args)}"


@blp.get(
    "/programs/<uuid:program_id>/status",
    roles=("coordinator", "admin"),
    query=StatusQuerySchema,
    answer=(200, ProgramStatusSchema),
    problems=(*READ, 503),
)
def program_status(query: dict[str, Any], program_id: UUID) -> dict[str, Any]:
    """Counts by status and mode, meetings, health, goals, feedback, shifts and lineage;
    with `as_of`, exactly as they stood at that moment."""
    services().coordination.await_position(query.get("after"))
    if "as_of" in query:
        return services().coordination.program_status_as_of(caller(), program_id, query["as_of"])
    return services().coordination.program_status(caller(), program_id)


@blp.get(
    "/participants/<uuid:participant_id>/lineage",
    roles=("participant", "coordinator", "admin"),
    query=AfterSchema,
    answer=(200, LineageSchema),
    problems=(*READ, 503),
)
def lineage(query: dict[str, Any], participant_id: UUID) -> dict[str, Any]:
    """Who mentored them, whom they mentor, and the generations after."""
    services().coordination.await_position(query.get("after"))
    return services().coordination.lineage(caller(), participant_id)


@blp.get(
    "/programs/<uuid:program_id>/cohorts",
    roles=("coordinator", "admin"),
    query=schemas.CohortsQuerySchema,
    answer=(200, schemas.CohortsSchema),
    problems=(*READ, 503),
    also=("text/csv", "Cohorts; as CSV, a row each, on request."),
)
def cohorts(query: dict[str, Any], program_id: UUID) -> Any:
    """For the relationships requested each month or quarter: how many reached each milestone,
    the median days between milestones, cadence against the period agreed at the time, shifts
    of mode, and mentees who went on to mentor; with `as_of`, as far as that moment."""
    services().coordination.await_position(query.pop("after", None))
    answer = services().analytics.cohorts(caller(), program_id, **query)
    if prefers("text/csv"):
        dumped = schemas.CohortsSchema().dump(answer)
        return Response(schemas.cohorts_csv(dumped), mimetype="text/csv")
    return answer


@blp.post(
    "/programs/<uuid:program_id>/backtests",
    roles=("coordinator", "admin"),
    body=schemas.BacktestSchema,
    answer=(200, schemas.BacktestResultSchema),
    problems=(400, 401, 403, 404, 413, 415, 422, 503),
    records=False,
)
def backtest(body: dict[str, Any], program_id: UUID) -> dict[str, Any]:
    """What the at-risk rule with another check-in period would have flagged over a span (a
    relationship flagged if at any moment of it it would have needed a check-in), and how
    those relationships ended; replayed from the temporal views, nothing recorded."""
    return services().analytics.backtest(
        caller(), program_id, body["check_in_after_days"], body["from_"], body["to"]
    )
