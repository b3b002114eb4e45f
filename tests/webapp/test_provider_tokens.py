"""The API takes bearer tokens the organisation's identity provider issued (checked against its
JWKS) beside the operator tokens: mapped to participants by verified e-mail and to staff roles
by the provider's groups; another issuer's tokens, and people Tandem does not know, are refused."""

from __future__ import annotations

from typing import Any

from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET
from tests.support.idp import ACCOUNTS, CALLBACK, IdentityProvider


def _registered_ana(api: ApiClient) -> str:
    coordinator = api.token("coordinator-a", ["coordinator"])
    body = {"name": "Ana", "email": "Ana@Example.org"}
    return str(api.post("/api/participants", body, token=coordinator).body["id"])


def _bearer(idp: IdentityProvider, login: str) -> str:
    return str(idp.tokens_for(login)["access_token"])


def test_a_participant_reads_their_record_with_the_providers_token(
    provider_app: Any, idp: IdentityProvider
) -> None:
    api = ApiClient(FlaskTransport(provider_app), TEST_SECRET)
    ana = _registered_ana(api)

    answer = api.get(f"/api/participants/{ana}", token=_bearer(idp, "ana-at-idp"))

    assert answer.status == 200, answer.body
    assert answer.body["id"] == ana


def test_the_providers_groups_make_a_coordinator_whose_programme_is_theirs(
    provider_app: Any, idp: IdentityProvider
) -> None:
    api = ApiClient(FlaskTransport(provider_app), TEST_SECRET)
    token = _bearer(idp, "carla")

    created = api.post("/api/programs", {"name": "Graduates"}, token=token)
    read = api.get(f"/api/programs/{created.body['id']}", token=token)

    assert created.status == 201, created.body
    assert created.body["coordinators"] == ["carla"]
    assert read.status == 200


def test_an_auditor_by_group_may_not_create_a_programme(
    provider_app: Any, idp: IdentityProvider
) -> None:
    api = ApiClient(FlaskTransport(provider_app), TEST_SECRET)

    answer = api.post("/api/programs", {"name": "Nope"}, token=_bearer(idp, "audrey"))

    assert answer.status == 403


def test_someone_the_provider_knows_but_tandem_does_not_is_forbidden(
    provider_app: Any, idp: IdentityProvider
) -> None:
    api = ApiClient(FlaskTransport(provider_app), TEST_SECRET)
    _registered_ana(api)

    stranger = api.get("/api/relationships", token=_bearer(idp, "stranger"))
    unverified = api.get("/api/relationships", token=_bearer(idp, "unverified"))

    assert stranger.status == 403, stranger.body
    assert unverified.status == 403, unverified.body


def test_a_token_from_another_issuer_is_refused(provider_app: Any, idp: IdentityProvider) -> None:
    api = ApiClient(FlaskTransport(provider_app), TEST_SECRET)
    _registered_ana(api)
    other = IdentityProvider(ACCOUNTS, [CALLBACK]).start()
    try:
        foreign = _bearer(other, "ana-at-idp")
    finally:
        other.stop()

    answer = api.get("/api/relationships", token=foreign)

    assert answer.status == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_an_id_token_is_not_taken_for_an_access_token(
    provider_app: Any, idp: IdentityProvider
) -> None:
    api = ApiClient(FlaskTransport(provider_app), TEST_SECRET)
    _registered_ana(api)

    answer = api.get("/api/relationships", token=idp.tokens_for("ana-at-idp")["id_token"])

    assert answer.status == 401
    assert "aud" in answer.body["detail"]


def test_without_a_provider_only_the_servers_own_tokens_count(
    app: Any, idp: IdentityProvider
) -> None:
    api = ApiClient(FlaskTransport(app), TEST_SECRET)

    answer = api.get("/api/relationships", token=_bearer(idp, "carla"))

    assert answer.status == 401


def test_while_the_provider_is_away_its_tokens_wait_and_signing_in_says_so(store: Any) -> None:
    from tests.support.app import app_for_tests

    away = IdentityProvider(ACCOUNTS, [CALLBACK]).start()
    token = _bearer(away, "carla")
    away.stop()
    flask_app = app_for_tests(store, TEST_SECRET, sign_in=away.sign_in_settings())
    try:
        api = ApiClient(FlaskTransport(flask_app), TEST_SECRET)
        answer = api.get("/api/relationships", token=token)
        page = flask_app.test_client().get("/app/sign-in/start")
    finally:
        flask_app.extensions["services"].close()

    assert answer.status == 503
    assert answer.headers["retry-after"]
    assert page.status_code == 503
    assert "Sign-in is unavailable" in page.get_data(as_text=True)
