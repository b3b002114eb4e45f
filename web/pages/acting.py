"""A relationship's actions, sent from its page as plain forms: each checked by the API's own
schema, sent to the same service as the API's command, then POST-redirect-GET back to the
page; a refusal shows the page again with the form open, the person's input kept, and why."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services import Recorded
from web.actions import ACTIONS
from web.pages import commands
from web.pages.action_forms import FORMS
from web.pages.blueprint import pages
from web.pages.refusals import REFUSALS_WITH_KEY, attempt
from web.pages.relationship import page

ANCHORS = {"goals": "goal", "meetings": "meeting"}


def act(
    relationship_id: UUID, action: str, part_id: UUID | None = None
) -> Response | tuple[str, int]:
    form = FORMS[action]
    values, key = form.values(request.form), request.form.get("key", "")
    try:
        body = form.body(request.form)
        done = commands.act(action, g.caller, relationship_id, part_id, body, _version(), key)
    except REFUSALS_WITH_KEY as error:
        refused = attempt(error, form, values, key, part_id)
        return page(relationship_id, refused=refused), refused.status
    remember(done)
    flash(_("Done: %(action)s.", action=form.label), "success")
    anchor = _anchor(action, part_id or done.part_id)
    return redirect(
        url_for("pages.relationship", relationship_id=relationship_id, _anchor=anchor), 303
    )


# Under /app as under /api: the same paths, so a reader of either finds the other.
for _action in ACTIONS.values():
    pages.add_url_rule(
        f"/relationships/<uuid:relationship_id>/{_action.path('part_id')}",
        endpoint=f"act_{_action.name}",
        view_func=act,
        methods=["POST"],
        defaults={"action": _action.name},
    )


def remember(done: Recorded[Any]) -> None:
    """The log position of the person's last command: their next lists wait for it."""
    session["after"] = done.position


def _version() -> int | None:
    """The version of the relationship the page showed: its If-Match."""
    sent = request.form.get("version", "").strip()
    if not sent:
        return None
    if not sent.isdigit() or len(sent) > 18:
        raise ValidationError("Not a version.", "version")
    return int(sent)


def _anchor(action: str, part_id: UUID | None) -> str | None:
    """Where on the page the person finds what they acted on: the goal or meeting."""
    kind = ANCHORS.get(ACTIONS[action].below.split("/")[0])
    return f"{kind}-{part_id}" if kind and part_id else None
