"""The organisation's OpenID provider: Authlib's client for the sign-in (discovery, code flow
with PKCE), and its bearer tokens for the API, checked against its JWKS with joserfc."""

from __future__ import annotations

import time
from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from services.sign_in_settings import SignInSettings

NAME = "organisation"
TIMEOUT_SECONDS = 10  # a provider that does not answer must not hang a sign-in or a request
ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
LEEWAY_SECONDS = 60
REFETCH_AFTER_SECONDS = 60  # an unknown key id fetches the JWKS again, at most this often


class ProviderTokenError(Exception):
    """A bearer token the provider did not issue for this API, or no longer valid."""


class Provider:
    def __init__(self, app: Flask, settings: SignInSettings) -> None:
        self.settings = settings
        self._oauth = OAuth(app)
        self.client: Any = self._oauth.register(
            NAME,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings.scope,
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT_SECONDS,
            },
        )
        self._fetched_at = 0.0

    def claims_of_bearer(self, token: str) -> dict[str, Any]:
        """The claims of an access token the provider signed for this API and that is valid now."""
        try:
            decoded = self._decode(token)
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_SECONDS,
                iss={"essential": True, "value": self.settings.issuer or ""},
                aud={"essential": True, "value": self.settings.api_audience or ""},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError) as error:
            raise ProviderTokenError(str(error) or type(error).__name__) from None
        return dict(decoded.claims)

    def _decode(self, token: str) -> Any:
        try:
            return jwt.decode(token, self._keys(force=False), algorithms=ASYMMETRIC)
        except InvalidKeyIdError:
            if time.monotonic() - self._fetched_at < REFETCH_AFTER_SECONDS:
                raise
            return jwt.decode(token, self._keys(force=True), algorithms=ASYMMETRIC)

    def _keys(self, force: bool) -> KeySet:
        if force or not self._fetched_at:
            self._fetched_at = time.monotonic()
        return KeySet.import_key_set(self.client.fetch_jwk_set(force=force))
