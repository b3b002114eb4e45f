"""Signing in and out of the web app: with the organisation's OpenID provider, or, in
development only, as one of the people in the store."""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session
from flask import url_for as url
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services import Caller
from services.demo import STAFF
from services.sign_in_settings import SignInSettings
from web.pages.errors import error_page, register_page_errors
from web.pages.forms import csrf
from web.pages.languages import remember_language
from web.signin import session as signed_in
from web.signin.identity import UnknownPerson, caller_from_claims
from web.signin.provider import Provider

signin = Blueprint("signin", __name__, url_prefix="/app")
register_page_errors(signin)
HOME = "/app/"


@signin.before_request
def _before() -> None:
    if request.endpoint == "signin.dev_sign_in" and not in_development():
        abort(404)  # as if it did not exist, whatever is sent
    remember_language()
    csrf.protect_posts()


def settings() -> SignInSettings:
    return current_app.extensions["sign_in"]  # type: ignore[no-any-return]


def provider() -> Provider | None:
    return current_app.extensions.get("identity_provider")


def in_development() -> bool:
    return bool(current_app.extensions["settings"].env == "development")


@signin.get("/sign-in")
def sign_in() -> str:
    people = _demo_people() if in_development() else []
    return render_template(
        "sign_in.html",
        next=_safe_next(request.args.get("next")),
        expired=request.args.get("expired") == "1",
        provider=provider() is not None,
        people=people,
    )


@signin.get("/sign-in/start")
def start() -> Any:
    found = provider()
    if found is None:
        abort(404)
    session["next"] = _safe_next(request.args.get("next"))
    try:
        return found.client.authorize_redirect(url("signin.callback", _external=True))
    except requests.RequestException as error:
        return _provider_unreachable(error)


@signin.get("/sign-in/callback")
def callback() -> Any:
    found = provider()
    if found is None:
        abort(404)
    try:
        token = found.client.authorize_access_token()
    except OAuthError as error:
        current_app.logger.info("A sign-in was refused: %s", error)
        flash(_("The sign-in did not complete. Please try again."), "error")
        return redirect(url("signin.sign_in"))
    except requests.RequestException as error:
        return _provider_unreachable(error)
    claims = dict(token.get("userinfo") or {})
    try:
        caller = caller_from_claims(claims, settings(), current_app.extensions["directory"])
    except UnknownPerson:
        return error_page(
            403,
            _("Tandem does not know you yet"),
            _(
                "Your organisation signed you in, but no participant or staff role in Tandem"
                " is yours. Ask your programme's coordinator to register you with this e-mail"
                " address."
            ),
        )
    name = _name_of(caller) or str(claims.get("name") or claims.get("email") or caller.sub)
    return _begin(caller, name, "provider", session.pop("next", None))


@signin.post("/sign-in/dev")
def dev_sign_in() -> Response:
    chosen = request.form.get("person", "")
    people = {person["key"]: person for person in _demo_people()}
    if chosen not in people:
        abort(400)
    person = people[chosen]
    caller = Caller(sub=person["sub"], roles=frozenset(person["roles"]))
    return _begin(caller, person["name"], "development", request.form.get("next"))


@signin.post("/sign-out")
def sign_out() -> Response:
    signed_in.end()
    flash(_("You have signed out."), "info")
    return redirect(url("signin.sign_in"))


def _begin(caller: Caller, name: str, via: str, next_page: str | None) -> Response:
    signed_in.begin(caller, name, via, settings().session_hours)
    return redirect(_safe_next(next_page))


def _safe_next(wanted: str | None) -> str:
    """Only a page of the app itself: never another site (an open redirect)."""
    if wanted and wanted.startswith("/app/") and "\\" not in wanted and "//" not in wanted:
        return wanted
    return HOME


def _name_of(caller: Caller) -> str | None:
    if caller.participant_id is None:
        return None
    found = current_app.extensions["directory"].participant(caller.participant_id)
    return found.name if found is not None else None


def _demo_people() -> list[dict[str, Any]]:
    """The staff of the demo and every registered participant (development only)."""
    staff = [
        {"key": f"staff:{sub}", "sub": sub, "roles": [role], "name": sub, "role": role}
        for sub, role in STAFF.values()
    ]
    participants = [
        {
            "key": str(p.id),
            "sub": str(p.id),
            "roles": ["participant"],
            "name": p.name,
            "role": "participant",
        }
        for p in current_app.extensions["directory"].participants()
    ]
    return staff + participants


def _provider_unreachable(error: Exception) -> tuple[str, int, dict[str, str]]:
    current_app.logger.warning("The identity provider did not answer: %s", error)
    page, status = error_page(
        503,
        _("Sign-in is unavailable"),
        _("Your organisation's sign-in service does not answer. Please try again shortly."),
    )
    return page, status, {"Retry-After": "5"}
