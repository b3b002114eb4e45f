"""From what the identity provider says to a Tandem caller, and the sign-in settings."""

from __future__ import annotations

from typing import Any

import pytest

from services.sign_in_settings import SignInSettings
from services.store import SettingsError
from tests.support.api import ApiClient
from web.signin.identity import UnknownPerson, caller_from_claims


def _participant(api: ApiClient, email: str) -> str:
    coordinator = api.token("coordinator-x", ["coordinator"])
    return str(
        api.post("/api/participants", {"name": "Ana", "email": email}, token=coordinator).body["id"]
    )


def test_a_claim_holding_the_participant_id_names_them(app: Any, api: ApiClient) -> None:
    ana = _participant(api, "ana@example.org")
    settings = SignInSettings(participant_claim="tandem_id")

    caller = caller_from_claims(
        {"sub": "x", "tandem_id": ana}, settings, app.extensions["directory"]
    )

    assert caller.sub == ana and caller.roles == {"participant"}


def test_a_claim_naming_nobody_in_tandem_is_no_participant(app: Any, api: ApiClient) -> None:
    _participant(api, "ana@example.org")
    settings = SignInSettings(participant_claim="tandem_id")
    directory = app.extensions["directory"]

    with pytest.raises(UnknownPerson):
        caller_from_claims({"sub": "x", "tandem_id": "not-an-id"}, settings, directory)
    with pytest.raises(UnknownPerson):  # an e-mail does not count when the claim is configured
        caller_from_claims(
            {"email": "ana@example.org", "email_verified": True}, settings, directory
        )


def test_two_participants_sharing_an_address_sign_in_neither(app: Any, api: ApiClient) -> None:
    _participant(api, "shared@example.org")
    _participant(api, "SHARED@example.org")
    claims = {"sub": "x", "email": "shared@example.org", "email_verified": True}

    with pytest.raises(UnknownPerson):
        caller_from_claims(claims, SignInSettings(), app.extensions["directory"])


def test_a_participant_with_a_staff_group_holds_both_roles(app: Any, api: ApiClient) -> None:
    ana = _participant(api, "ana@example.org")
    claims = {"sub": "x", "email": "ana@example.org", "email_verified": True, "groups": "admin x"}

    caller = caller_from_claims(claims, SignInSettings(), app.extensions["directory"])

    assert caller.sub == ana and caller.roles == {"participant", "admin"}


def test_the_settings_come_from_the_environment() -> None:
    settings = SignInSettings.from_env(
        {
            "TANDEM_OIDC_ISSUER": "https://id.example.org/",
            "TANDEM_OIDC_CLIENT_ID": "tandem",
            "TANDEM_OIDC_CLIENT_SECRET": "s3cret",
            "TANDEM_OIDC_ROLE_MAP": "hr-mentoring=coordinator, audit=auditor",
            "TANDEM_OIDC_SESSION_HOURS": "2",
        }
    )

    assert settings.configured and settings.issuer == "https://id.example.org"
    assert settings.role_map == {"hr-mentoring": "coordinator", "audit": "auditor"}
    assert settings.api_audience == "tandem" and settings.session_hours == 2


@pytest.mark.parametrize(
    "env",
    [
        {"TANDEM_OIDC_ROLE_MAP": "staff=participant"},
        {"TANDEM_OIDC_ROLE_MAP": "no-role-given"},
        {"TANDEM_OIDC_SESSION_HOURS": "forever"},
        {"TANDEM_OIDC_ISSUER": "https://id.example.org"},
    ],
)
def test_settings_that_cannot_work_stop_the_start(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        SignInSettings.from_env(env)
