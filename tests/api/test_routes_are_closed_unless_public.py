"""Authentication fails closed: an endpoint that names no roles and is not marked public lets no
one in, and the public endpoints are exactly those that say so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_problem
from tests.support.api import ApiClient, FlaskTransport
from tests.support.tampering import in_process
from web.auth import authenticate, public
from web.blueprints.base import Blueprint, endpoint
from web.schemas.common import EmptySchema

EVERY_ROLE = ["participant", "coordinator", "auditor", "admin"]
PUBLIC = {
    "static",
    "api-docs.openapi_json",
    "api-docs.openapi_swagger_ui",
    "docs_assets.swagger_assets",
    "service.healthz",
    "service.readyz",
    # a calendar app sends no token: the feed checks its key (or a token) itself, first thing
    "calendars.calendar_feed",
}


def _client_with_a_route(app: Any, path: str, view: Any) -> ApiClient:
    app.add_url_rule(path, view.__name__, view)
    return ApiClient(FlaskTransport(app), app.config["SECRET_KEY"])


def unmarked() -> str:
    return "what no one was meant to read"


@in_process
def test_a_route_that_names_no_roles_and_is_not_public_refuses_anonymous_callers(
    app: Any,
) -> None:
    client = _client_with_a_route(app, "/api/unmarked", unmarked)

    answer = client.get("/api/unmarked", token=None)

    assert_problem(answer, 401)
    assert answer.headers["www-authenticate"].lower().startswith("bearer")


@in_process
def test_a_route_that_names_no_roles_refuses_every_role(app: Any) -> None:
    client = _client_with_a_route(app, "/api/unmarked", unmarked)
    token = client.token("admin-1", EVERY_ROLE)

    answer = client.get("/api/unmarked", token=token)

    assert_problem(answer, 403)


@in_process
def test_a_route_marked_public_answers_without_a_token(app: Any) -> None:
    client = _client_with_a_route(app, "/open", public(unmarked))

    answer = client.get("/open", token=None)

    assert (answer.status, answer.body) == (200, "what no one was meant to read")


@in_process
def test_the_public_endpoints_are_the_health_checks_the_documentation_and_the_feed(
    app: Any,
) -> None:
    marked = {name for name, view in app.view_functions.items() if getattr(view, "public", 0)}

    assert marked == PUBLIC
    assert authenticate in app.before_request_funcs[None]


def test_a_route_must_name_the_roles_that_may_call_it_or_be_public() -> None:
    blp = Blueprint("nobody", __name__)

    with pytest.raises(ValueError, match="name the roles"):
        endpoint(blp, "GET", "/nobody", answer=(200, EmptySchema))
    with pytest.raises(ValueError, match="name the roles"):
        endpoint(blp, "GET", "/both", roles=["admin"], public=True, answer=(200, EmptySchema))


def test_a_route_naming_a_role_that_does_not_exist_is_refused_at_once() -> None:
    blp = Blueprint("typo", __name__)

    with pytest.raises(ValueError, match="no such roles"):
        endpoint(blp, "GET", "/typo", roles=["coordinater"], answer=(200, EmptySchema))
