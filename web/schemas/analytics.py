"""Cohorts and backtests: what coordinators learn from the whole log of a programme."""

from __future__ import annotations

import csv
import io
from typing import Any

from marshmallow import Schema, fields, validate

from services.analytics import BACKTEST_BUDGET, NOT_CONCLUDED
from services.cohorts import GAPS, MILESTONES, OUTCOMES
from web.schemas.common import Count, QuerySchema, UtcDateTime
from web.schemas.coordination import AFTER


def _numbers(name: str, keys: Any, field: Any = fields.Integer) -> fields.Nested:
    """A nested object of numbers, named for the OpenAPI document."""
    return fields.Nested(Schema.from_dict({key: field(allow_none=True) for key in keys}, name=name))


class CohortsQuerySchema(QuerySchema):
    by = fields.String(
        load_default="month",
        validate=validate.OneOf(["month", "quarter"]),
        metadata={"description": "Cohorts of the relationships requested each month or quarter."},
    )
    as_of = UtcDateTime(
        metadata={
            "description": "Followed as far as this moment (not in the future); now if absent."
        }
    )
    after = AFTER


class CadenceSchema(Schema):
    gaps = fields.Integer(metadata={"description": "Gaps between consecutive held meetings."})
    within_period = fields.Integer(
        metadata={"description": "Gaps no longer than the period in force when the later was held."}
    )
    adherence = fields.Float(
        allow_none=True, metadata={"description": "within_period / gaps; null without gaps."}
    )


class CohortSchema(Schema):
    period = fields.String(metadata={"description": "`2026-03` by month, `2026-Q1` by quarter."})
    starts_at = UtcDateTime()
    relationships = fields.Integer(metadata={"description": "Requested in the period."})
    reached = _numbers("Milestones", MILESTONES)
    concluded_by_outcome = _numbers("ConcludedByOutcome", OUTCOMES)
    median_days = _numbers("MedianDays", GAPS, fields.Float)
    cadence = fields.Nested(CadenceSchema)
    shifts = _numbers("CohortShifts", ("to_peer", "to_mentoring"))
    mentees_who_went_on_to_mentor = fields.Integer()


class CohortsSchema(Schema):
    program_id = fields.UUID()
    by = fields.String()
    as_of = UtcDateTime(allow_none=True)
    position = fields.Integer(metadata={"description": "The log position the figures reflect."})
    cohorts = fields.List(fields.Nested(CohortSchema), metadata={"description": "Oldest first."})


CSV_COLUMNS = (
    "period",
    "starts_at",
    "relationships",
    *MILESTONES,
    *(f"concluded_{outcome}" for outcome in OUTCOMES),
    *(f"median_days_{gap}" for gap in GAPS),
    "cadence_gaps",
    "cadence_within_period",
    "cadence_adherence",
    "shifts_to_peer",
    "shifts_to_mentoring",
    "mentees_who_went_on_to_mentor",
)


def csv_row(cohort: dict[str, Any]) -> dict[str, Any]:
    """A dumped cohort as one flat spreadsheet row."""
    row = {key: cohort[key] for key in ("period", "starts_at", "relationships")}
    row |= cohort["reached"]
    row |= {f"concluded_{k}": v for k, v in cohort["concluded_by_outcome"].items()}
    row |= {f"median_days_{k}": v for k, v in cohort["median_days"].items()}
    row |= {f"cadence_{k}": v for k, v in cohort["cadence"].items()}
    row |= {f"shifts_{k}": v for k, v in cohort["shifts"].items()}
    row["mentees_who_went_on_to_mentor"] = cohort["mentees_who_went_on_to_mentor"]
    return row


def cohorts_csv(dumped: dict[str, Any]) -> str:
    """Dumped cohorts as a spreadsheet, a row each: the API's CSV and the web app's export."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(csv_row(cohort) for cohort in dumped["cohorts"])
    return out.getvalue()


class BacktestSchema(Schema):
    check_in_after_days = Count(required=True, validate=validate.Range(min=1, max=90))
    from_ = UtcDateTime(required=True, data_key="from")
    to = UtcDateTime(
        required=True,
        metadata={
            "description": "Not in the future, after `from`. A span holding more than a backtest"
            f" may examine ({BACKTEST_BUDGET:,} units: versions of relationships and meetings"
            " valid then, each version once more per meeting of its relationship) is refused"
            " (422): choose a shorter one."
        },
    )


ENDINGS = (*OUTCOMES, NOT_CONCLUDED)


class BacktestResultSchema(Schema):
    program_id = fields.UUID()
    check_in_after_days = fields.Integer()
    from_ = UtcDateTime(data_key="from", attribute="from")
    to = UtcDateTime()
    relationships = fields.Integer(metadata={"description": "Active at some moment of the span."})
    flagged = fields.Integer(
        metadata={"description": "Of those, needing a check-in at some moment of it by the rule."}
    )
    flagged_by_outcome = _numbers("FlaggedByOutcome", ENDINGS)
    not_flagged_by_outcome = _numbers("NotFlaggedByOutcome", ENDINGS)
    position = fields.Integer(metadata={"description": "The log position the answer reflects."})
