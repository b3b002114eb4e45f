"""A participant asks someone enrolled with them for mentoring, or to learn together as peers:
whom, which kind, the goals and why. Sent as a plain form to the API's own service."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import NotAllowed
from web.pages import commands, reads
from web.pages.acting import remember
from web.pages.action_forms import REQUEST
from web.pages.blueprint import pages
from web.pages.refusals import REFUSALS_WITH_KEY, Attempt, Forms, attempt


@pages.get("/relationships/new")
def new_request() -> str:
    return _form()


@pages.post("/relationships/new")
def request_mentoring() -> Response | tuple[str, int]:
    values, key = REQUEST.values(request.form), request.form.get("key", "")
    try:
        body = REQUEST.body(request.form)
        done = commands.request_mentoring(g.caller, body, key)
    except REFUSALS_WITH_KEY as error:
        refused = attempt(error, REQUEST, values, key)
        return _form(refused), refused.status
    remember(done)
    flash(_("Your request is sent: it waits for their answer."), "success")
    return redirect(url_for("pages.relationship", relationship_id=done.aggregate.id), 303)


def _form(refused: Attempt | None = None) -> str:
    if g.caller.participant_id is None:
        raise NotAllowed("Only participants ask for mentoring.")
    return render_template(
        "request.html",
        fellowships=reads.fellowships(g.caller),
        forms=Forms(refused),
        refused=refused,
    )
