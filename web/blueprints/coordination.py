"""Programme status and mentoring lineage, answered from the views."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from flask import Response, current_app, request

from services.analytics import Analytics
from services.coordination import Coordination
from services.paging import Page
from web.answers import prefers
from web.auth import allow, caller
from web.blueprints.base import READ, Blueprint, also_as, problems
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


def coordination() -> Coordination:
    return current_app.extensions["services"].coordination  # type: ignore[no-any-return]


def analytics() -> Analytics:
    return current_app.extensions["services"].analytics  # type: ignore[no-any-return]


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


@blp.route("/programs/<uuid:program_id>/status", methods=["GET"])
@allow("coordinator", "admin")
@blp.arguments(StatusQuerySchema, location="query")
@blp.response(200, ProgramStatusSchema)
@problems(blp, *READ, 503)
def program_status(query: dict[str, Any], program_id: UUID) -> dict[str, Any]:
    """Counts by status and mode, meetings, health, goals, feedback, shifts and lineage;
    with `as_of`, exactly as they stood at that moment."""
    coordination().await_position(query.get("after"))
    if "as_of" in query:
        return coordination().program_status_as_of(caller(), program_id, query["as_of"])
    return coordination().program_status(caller(), program_id)


@blp.route("/participants/<uuid:participant_id>/lineage", methods=["GET"])
@allow("participant", "coordinator", "admin")
@blp.arguments(AfterSchema, location="query")
@blp.response(200, LineageSchema)
@problems(blp, *READ, 503)
def lineage(query: dict[str, Any], participant_id: UUID) -> dict[str, Any]:
    """Who mentored them, whom they mentor, and the generations after."""
    coordination().await_position(query.get("after"))
    return coordination().lineage(caller(), participant_id)


@blp.route("/programs/<uuid:program_id>/cohorts", methods=["GET"])
@allow("coordinator", "admin")
@blp.arguments(schemas.CohortsQuerySchema, location="query")
@blp.response(200, schemas.CohortsSchema)
@also_as(blp, "text/csv", schemas.CohortsSchema, "Cohorts; as CSV, a row each, on request.")
@problems(blp, *READ, 503)
def cohorts(query: dict[str, Any], program_id: UUID) -> Any:
    """For the relationships requested each month or quarter: how many reached each milestone,
    the median days between milestones, cadence against the period agreed at the time, shifts
    of mode, and mentees who went on to mentor; with `as_of`, as far as that moment."""
    coordination().await_position(query.pop("after", None))
    answer = analytics().cohorts(caller(), program_id, **query)
    if prefers("text/csv"):
        return cohorts_csv(schemas.CohortsSchema().dump(answer))
    return answer


def cohorts_csv(answer: dict[str, Any]) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schemas.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(schemas.csv_row(cohort) for cohort in answer["cohorts"])
    return Response(out.getvalue(), mimetype="text/csv")


@blp.route("/programs/<uuid:program_id>/backtests", methods=["POST"])
@allow("coordinator", "admin")
@blp.arguments(schemas.BacktestSchema)
@blp.response(200, schemas.BacktestResultSchema)
@problems(blp, 400, 401, 403, 404, 413, 415, 422, 503)
def backtest(body: dict[str, Any], program_id: UUID) -> dict[str, Any]:
    """What the at-risk rule with another check-in period would have flagged over a span (a
    relationship flagged if at any moment of it it would have needed a check-in), and how
    those relationships ended; replayed from the temporal views, nothing recorded."""
    return analytics().backtest(
        caller(), program_id, body["check_in_after_days"], body["from_"], body["to"]
    )
