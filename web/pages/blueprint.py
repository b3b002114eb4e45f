"""The blueprint of the app's pages under /app, and what runs before each of them."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, redirect, request, url_for
from werkzeug.wrappers import Response

from domain import Participant
from domain.errors import NotAllowed
from services import Caller
from services.errors import NotFound
from web.pages import reads
from web.pages.errors import register_page_errors
from web.pages.forms import csrf
from web.pages.languages import remember_language
from web.signin import session as signed_in

pages = Blueprint("pages", __name__, url_prefix="/app")
register_page_errors(pages)


@pages.before_request
def _before() -> Response | None:
    remember_language()
    csrf.protect_posts()
    caller, expired = signed_in.current()
    if caller is None:
        args = {"next": request.full_path.rstrip("?")}
        if expired:
            args["expired"] = "1"
        return redirect(f"{url_for('signin.sign_in')}?{urlencode(args)}")
    g.caller = caller
    person = _participant(caller)
    g.time_zone = person.timezone if person is not None else None  # staff read times in UTC
    g.person_locale = person.locale if person is not None else None
    return None


def _participant(caller: Caller) -> Participant | None:
    """The participant signed in, as registered (their zone and language); None for staff."""
    if caller.participant_id is None:
        return None
    try:
        return reads.participant(caller, caller.participant_id)
    except (NotFound, NotAllowed):  # no record of them: times in UTC, the browser's language
        return None
