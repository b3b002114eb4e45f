"""Auditors' pages: the trail with its filters, a page at a time; a relationship's history
verified against its seal; every matching event as NDJSON."""

from __future__ import annotations

from typing import Any

from flask import Response, g, render_template, request, stream_with_context
from marshmallow import Schema, fields, validate

from services.auditing import AuditQuery
from web.pages import reads
from web.pages.blueprint import pages
from web.pages.forms import query
from web.pages.labels import event_types
from web.pages.moments import day_after, start_of

NDJSON = "application/x-ndjson"
FILTERS = ("program_id", "relationship_id", "actor_id", "type", "since", "until")


class TrailFormSchema(Schema):
    """The trail's filters as a form sends them: whole days, in the person's time zone."""

    program_id = fields.UUID()
    relationship_id = fields.UUID()
    actor_id = fields.String(validate=validate.Length(max=200))
    type = fields.String(validate=validate.Length(max=100))
    since = fields.Date()
    until = fields.Date()
    cursor = fields.String(validate=validate.Length(max=100))


class VerifyFormSchema(Schema):
    relationship_id = fields.UUID(required=True)


@pages.get("/audit")
def trail() -> str:
    form = query(TrailFormSchema())
    page = reads.audit_events(g.caller, _audit_query(form))
    shown = {k: v for k, v in request.args.items() if k in FILTERS and v.strip()}
    return render_template(
        "audit.html", page=page, form=form, shown=shown, event_types=event_types()
    )


@pages.get("/audit/events.ndjson")
def export() -> Response:
    wanted = _audit_query({k: v for k, v in query(TrailFormSchema()).items() if k != "cursor"})
    lines = reads.audit_export(g.caller, wanted)
    first = next(lines, "")  # a refusal shows as a page, not half a download

    def chained() -> Any:
        if first:
            yield first
        yield from lines

    answer = Response(stream_with_context(chained()), mimetype=NDJSON)
    answer.headers["Content-Disposition"] = 'attachment; filename="audit-trail.ndjson"'
    return answer


@pages.get("/audit/verification")
def verification() -> str:
    relationship_id = query(VerifyFormSchema())["relationship_id"]
    verdict = reads.verification(g.caller, relationship_id)
    return render_template("verification.html", verdict=verdict)


def _audit_query(form: dict[str, Any]) -> AuditQuery:
    moments: dict[str, Any] = {}
    if form.get("since"):
        moments["since"] = start_of(form["since"])
    if form.get("until"):
        moments["until"] = day_after(form["until"])
    plain = {k: v for k, v in form.items() if k not in ("since", "until")}
    return AuditQuery(**plain, **moments)
