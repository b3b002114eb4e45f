"""Configuration: defaults, then TANDEM_* environment variables, then the caller's overrides."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from flask import Flask

from services.dev_secret import development_secret
from services.store import SettingsError, Store

MAX_BODY_BYTES = 64 * 1024

ENVIRONMENTS = ("development", "production")
EXAMPLE_SECRETS = frozenset({"change-me", "changeme", "secret", "example", "example-secret", "dev"})
MIN_SECRET_LENGTH = 32

DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "DATA_DIR": "data",
    "FOLLOW_LOG": True,
    "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
    "API_TITLE": "Tandem",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/docs/assets/",
    # no badge that sends the document's address to the public validator
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "JSON_SORT_KEYS": False,
}


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("TANDEM", loads=str)
    app.config.update(overrides or {})
    app.config["FOLLOW_LOG"] = str(app.config["FOLLOW_LOG"]).lower() not in ("0", "false", "no")
    if app.config["ENV"] not in ENVIRONMENTS:
        raise SettingsError(f"TANDEM_ENV must be one of {', '.join(ENVIRONMENTS)}.")
    if app.config["ENV"] != "development":
        _check_secret(app.config.get("SECRET_KEY"))
    if not app.config.get("SECRET_KEY"):
        # kept with the store, so every process on it (server, tandem token) signs alike
        app.config["SECRET_KEY"] = development_secret(store_of(app.config))


def _check_secret(secret: object) -> None:
    """Outside development a real secret is required: a known one lets anyone forge tokens."""
    if not secret:
        raise SettingsError("TANDEM_SECRET_KEY must be set outside development.")
    if str(secret).strip().lower() in EXAMPLE_SECRETS:
        raise SettingsError("TANDEM_SECRET_KEY is an example value; generate a secret of your own.")
    if len(str(secret)) < MIN_SECRET_LENGTH:
        raise SettingsError(f"TANDEM_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters.")


def store_of(config: Mapping[str, Any]) -> Store:
    """Where the events live: given whole (tests), or from the TANDEM_* settings."""
    given = config.get("STORE_OBJECT")
    return given if isinstance(given, Store) else Store.from_settings(config)


def seal_key(config: Mapping[str, Any]) -> bytes:
    """The key that signs history seals: TANDEM_SEAL_KEY, or derived from the secret."""
    if config.get("SEAL_KEY"):
        return str(config["SEAL_KEY"]).encode()
    return hmac.new(str(config["SECRET_KEY"]).encode(), b"tandem-seal", hashlib.sha256).digest()
