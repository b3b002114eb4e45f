"""The API's bearer tokens issued by the organisation's identity provider (beside the HS256
operator tokens): checked against its JWKS, then mapped to a caller as a sign-in is."""

from __future__ import annotations

import requests
from flask import current_app
from werkzeug.exceptions import Forbidden, ServiceUnavailable, Unauthorized

from services import Caller
from web.signin.identity import UnknownPerson, caller_from_claims
from web.signin.provider import Provider, ProviderTokenError


def provider_caller(token: str) -> Caller:
    provider: Provider | None = current_app.extensions.get("identity_provider")
    if provider is None:
        raise Unauthorized("The token is not valid: this server takes only tokens it signed.")
    try:
        claims = provider.claims_of_bearer(token)
    except ProviderTokenError as error:
        raise Unauthorized(f"The token is not valid: {error}.") from None
    except requests.RequestException:
        raise ServiceUnavailable(
            "The identity provider cannot be reached to check the token."
        ) from None
    try:
        return caller_from_claims(claims, provider.settings, current_app.extensions["directory"])
    except UnknownPerson as error:
        raise Forbidden(f"The token is valid but names nobody Tandem knows: {error}") from None
