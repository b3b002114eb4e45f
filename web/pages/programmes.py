"""Coordinators' pages: a programme's status (now or as it stood on a date), the relationships
needing a check-in, and the filterable list with its CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from flask import Response, g, render_template, request, stream_with_context
from marshmallow import ValidationError

from services.coordination import ListQuery
from web.pages import reads
from web.pages.blueprint import pages
from web.pages.charts import cohort_chart, cohort_headings, cohort_row, status_charts
from web.pages.forms import query
from web.pages.moments import end_of, picked_date, today
from web.schemas.analytics import CohortsQuerySchema, CohortsSchema, cohorts_csv
from web.schemas.coordination import CSV_COLUMNS, ListQuerySchema, SummarySchema

CHECK_INS = 200  # the most relationships needing a check-in a programme page lists
EXPORT_PAGE = 200
LIST_FIELDS = ("status", "at_risk", "participant_id", "limit", "cursor")


@pages.get("/programs/<uuid:program_id>")
def programme(program_id: UUID) -> str:
    picked, as_of = _picked_day()
    program = reads.program(g.caller, program_id)
    status = reads.program_status(g.caller, program_id, as_of)
    check_ins: list[dict[str, Any]] = []
    if as_of is None:
        wanted = ListQuery(program_id=program_id, at_risk=True, limit=CHECK_INS)
        check_ins = reads.relationships(g.caller, wanted).items
    by = _cohorts_by()
    cohorts = CohortsSchema().dump(reads.cohorts(g.caller, program_id, by, as_of))["cohorts"]
    return render_template(
        "programme.html",
        program=program,
        status=status,
        charts=status_charts(status),
        by=by,
        cohort_chart=cohort_chart(cohorts),
        cohort_headings=cohort_headings(),
        cohort_rows=[cohort_row(cohort) for cohort in cohorts],
        as_of=as_of,
        picked=picked,
        today=today(),
        check_ins=check_ins,
        names=reads.names(g.caller, _parties(check_ins)),
    )


@pages.get("/programs/<uuid:program_id>/cohorts.csv")
def export_cohorts(program_id: UUID) -> Response:
    """The programme's cohorts as the API's CSV has them (same columns), now or on a date."""
    _, as_of = _picked_day()
    answer = reads.cohorts(g.caller, program_id, _cohorts_by(), as_of)
    exported = Response(cohorts_csv(CohortsSchema().dump(answer)), mimetype="text/csv")
    exported.headers["Content-Disposition"] = f'attachment; filename="cohorts-{program_id}.csv"'
    return exported


@pages.get("/programs/<uuid:program_id>/relationships")
def relationships(program_id: UUID) -> str:
    filters = _list_filters()
    program = reads.program(g.caller, program_id)
    page = reads.relationships(g.caller, ListQuery(program_id=program_id, **filters))
    shown = {k: v for k, v in request.args.items() if k in LIST_FIELDS and k != "cursor" and v}
    return render_template(
        "relationships.html",
        program=program,
        page=page,
        filters=filters,
        shown=shown,
        names=reads.names(g.caller, _parties(page.items)),
    )


@pages.get("/programs/<uuid:program_id>/relationships.csv")
def export_relationships(program_id: UUID) -> Response:
    """Every relationship the filters select, as the API's CSV has them (same columns)."""
    filters = {k: v for k, v in _list_filters().items() if k not in ("limit", "cursor")}
    reads.program(g.caller, program_id)  # its coordinators only; refused now, not mid-download
    caller = g.caller

    def rows() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        cursor = None
        while True:
            wanted = ListQuery(program_id=program_id, limit=EXPORT_PAGE, cursor=cursor, **filters)
            page = reads.relationships(caller, wanted)
            writer.writerows(SummarySchema(many=True).dump(page.items))
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    answer = Response(stream_with_context(rows()), mimetype="text/csv")
    answer.headers["Content-Disposition"] = f'attachment; filename="relationships-{program_id}.csv"'
    return answer


def _picked_day() -> tuple[date | None, datetime | None]:
    """The day picked (`as_of`, a date), and the moment the page shows: its end, None today."""
    picked = picked_date(request.args.get("as_of"), "as_of")
    if picked is not None and picked > today():
        raise ValidationError("Must not be in the future.", "as_of")
    return picked, end_of(picked) if picked is not None and picked < today() else None


def _cohorts_by() -> Literal["month", "quarter"]:
    loaded = CohortsQuerySchema(only=("by",)).load({"by": request.args.get("by") or "month"})
    return loaded["by"]  # type: ignore[no-any-return]


def _list_filters() -> dict[str, Any]:
    loaded = query(ListQuerySchema())
    return {k: v for k, v in loaded.items() if k in LIST_FIELDS}


def _parties(summaries: list[dict[str, Any]]) -> set[str]:
    return {str(party) for summary in summaries for party in summary["parties"]}
