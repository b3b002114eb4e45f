"""Tandem's settings: the TANDEM_* environment read once, checked, into one frozen object.

It lives with the services because most of it is theirs (the store, the seal key, following the
log); the web app and the `tandem` command take it whole. Secrets never appear in its repr.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from services.dev_secret import development_secret
from services.privacy.keys import KeyEncryption
from services.sign_in_settings import SignInSettings
from services.store import SettingsError, Store
from services.webhooks.settings import SECURITIES, Smtp, WebhookSettings

KINDS = ("sqlite", "postgres")
ENVIRONMENTS = ("development", "production")
EXAMPLE_SECRETS = frozenset({"change-me", "changeme", "secret", "example", "example-secret", "dev"})
MIN_SECRET_LENGTH = 32
B = TypeVar("B", bool, None)
TRUE = ("1", "true", "yes", "y", "on")
FALSE = ("0", "false", "no", "n", "off")


@dataclass(frozen=True)
class Settings:
    store: Store
    secret_key: str = field(repr=False)
    seal_key: str | None = field(default=None, repr=False)  # None: derived from the secret
    env: str = "development"
    follow_log: bool = True
    secret_kept_with_store: bool = False  # the development secret, made once, not configured
    sign_in: SignInSettings = field(default_factory=SignInSettings)  # the web app's provider
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    # Wraps each subject's data key (services.privacy); None: derived from the secret.
    key_encryption_key: str | None = field(default=None, repr=False)
    retired_key_encryption_keys: tuple[str, ...] = field(default=(), repr=False)
    retention_every: int = 3600  # seconds between retention passes where the log is followed

    def __post_init__(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"TANDEM_ENV must be one of {', '.join(ENVIRONMENTS)}.")
        if self.env != "development":
            _check_secret(self.secret_key)
        elif not self.secret_key:
            raise SettingsError("The secret key is empty: tokens signed with it prove nothing.")
        if self.seal_key is not None and not self.seal_key.strip():
            raise SettingsError("TANDEM_SEAL_KEY is empty: set a key, or unset it to derive one.")
        if self.key_encryption_key is not None and not self.key_encryption_key.strip():
            raise SettingsError(
                "TANDEM_KEY_ENCRYPTION_KEY is empty: set a key, or unset it to derive one."
            )

    @property
    def sealing_key(self) -> bytes:
        """The key that signs history seals: TANDEM_SEAL_KEY, or derived from the secret."""
        if self.seal_key is not None:
            return self.seal_key.encode()
        return hmac.new(self.secret_key.encode(), b"tandem-seal", hashlib.sha256).digest()

    @property
    def key_encryption(self) -> KeyEncryption:
        """The key-encryption key: TANDEM_KEY_ENCRYPTION_KEY, or derived from the secret; with
        the retired ones still unwrapping keys until `tandem keys rewrap` wraps them again."""
        return key_encryption_for(
            self.secret_key, self.key_encryption_key, self.retired_key_encryption_keys
        )

    @property
    def webhook_settings(self) -> WebhookSettings:
        """The webhooks' settings, whole: their key (TANDEM_WEBHOOK_KEY, or derived from the
        secret), delivering where the log is followed, private receivers in development only."""
        hooks = self.webhooks
        key = hooks.key or hmac.new(self.secret_key.encode(), b"tandem-webhooks", "sha256").digest()
        return replace(
            hooks,
            key=key,
            dispatch=self.follow_log if hooks.dispatch is None else hooks.dispatch,
            allow_private=self.env == "development"
            if hooks.allow_private is None
            else hooks.allow_private,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """From TANDEM_* variables; a bad one raises SettingsError with one line that names it."""
        env = environ.get("TANDEM_ENV", "development")
        store = _store(environ)
        secret = environ.get("TANDEM_SECRET_KEY", "")
        # production never reads or writes the kept secret: it must be configured
        kept = not secret and env == "development"
        return cls(
            store=store,
            secret_key=development_secret(store) if kept else secret,
            seal_key=environ.get("TANDEM_SEAL_KEY"),
            env=env,
            follow_log=flag(environ, "FOLLOW_LOG", True),
            secret_kept_with_store=kept,
            sign_in=SignInSettings.from_env(environ),
            webhooks=_webhooks(environ),
            key_encryption_key=environ.get("TANDEM_KEY_ENCRYPTION_KEY"),
            retired_key_encryption_keys=_retired(environ),
            retention_every=_number(environ, "RETENTION_EVERY", 3600, 1, 7 * 86_400),
        )


def key_encryption_for(
    secret: str, configured: str | None = None, retired: tuple[str, ...] = ()
) -> KeyEncryption:
    """The key-encryption key as Settings make it: the configured one, else derived from the
    secret (for tools that open a store a server with that secret wrote)."""
    if configured is not None:
        current = configured.encode()
    else:
        current = hmac.new(secret.encode(), b"tandem-data-keys", "sha256").digest()
    return KeyEncryption(current, [key.encode() for key in retired])


def _retired(environ: Mapping[str, str]) -> tuple[str, ...]:
    """TANDEM_RETIRED_KEY_ENCRYPTION_KEYS: earlier keys, comma-separated, until rewrapped."""
    raw = environ.get("TANDEM_RETIRED_KEY_ENCRYPTION_KEYS", "")
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    if raw.strip() and not keys:
        raise SettingsError("TANDEM_RETIRED_KEY_ENCRYPTION_KEYS names no key.")
    return keys


def _check_secret(secret: str) -> None:
    """Outside development a real secret is required: a known one lets anyone forge tokens."""
    if not secret:
        raise SettingsError("TANDEM_SECRET_KEY must be set outside development.")
    if secret.strip().lower() in EXAMPLE_SECRETS:
        raise SettingsError("TANDEM_SECRET_KEY is an example value; generate a secret of your own.")
    if len(secret) < MIN_SECRET_LENGTH:
        raise SettingsError(f"TANDEM_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters.")


def _store(environ: Mapping[str, str]) -> Store:
    """Where the events live: STORE, DATA_DIR, POSTGRES_*, POOL_SIZE, ..."""
    kind = environ.get("TANDEM_STORE", "sqlite").lower()
    if kind not in KINDS:
        raise SettingsError(f"TANDEM_STORE must be one of {', '.join(KINDS)}, not {kind!r}.")
    port = _number(environ, "POSTGRES_PORT", 5432, 1, 65535)
    store = Store(
        kind=kind,
        data_dir=Path(environ.get("TANDEM_DATA_DIR", "data")),
        host=environ.get("TANDEM_POSTGRES_HOST", "127.0.0.1"),
        port=port,
        dbname=environ.get("TANDEM_POSTGRES_DBNAME", "tandem"),
        user=environ.get("TANDEM_POSTGRES_USER", "tandem"),
        password=environ.get("TANDEM_POSTGRES_PASSWORD", ""),
        schema=environ.get("TANDEM_POSTGRES_SCHEMA", ""),
        pool_size=_number(environ, "POOL_SIZE", 5, 1, 100),
        max_overflow=_number(environ, "MAX_OVERFLOW", 10, 0, 100),
        create_tables=flag(environ, "CREATE_TABLES", True),
        cipher_key=environ.get("TANDEM_CIPHER_KEY", ""),
        group_commit=flag(environ, "GROUP_COMMIT", True),
        read_host=environ.get("TANDEM_POSTGRES_READ_HOST", ""),
        read_port=_number(environ, "POSTGRES_READ_PORT", port, 1, 65535),
    )
    if kind == "postgres" and not store.dbname:
        raise SettingsError("TANDEM_POSTGRES_DBNAME must name a database.")
    return store


def _webhooks(environ: Mapping[str, str]) -> WebhookSettings:
    """Deliveries, reminders and e-mail: WEBHOOK_*, DISPATCH, PUBLIC_URL, SMTP_*."""
    key = environ.get("TANDEM_WEBHOOK_KEY")
    if key is not None and not key.strip():
        raise SettingsError("TANDEM_WEBHOOK_KEY is empty: set a key, or unset it to derive one.")
    dispatch = environ.get("TANDEM_DISPATCH")
    public_url = environ.get("TANDEM_PUBLIC_URL", "").rstrip("/")
    if public_url and not public_url.startswith(("http://", "https://")):
        raise SettingsError(
            f"TANDEM_PUBLIC_URL must start with http:// or https://: {public_url!r}."
        )
    return WebhookSettings(
        key=key.encode() if key else b"",
        dispatch=None if dispatch is None else flag(environ, "DISPATCH", True),
        concurrency=_number(environ, "WEBHOOK_CONCURRENCY", 16, 1, 256),
        rate=_number(environ, "WEBHOOK_RATE", 1000, 1, 100_000),
        timeout=_number(environ, "WEBHOOK_TIMEOUT", 10, 1, 120),
        reminder_every=_number(environ, "REMINDER_EVERY", 60, 1, 86_400),
        public_url=public_url,
        smtp=_smtp(environ),
    )


def _smtp(environ: Mapping[str, str]) -> Smtp:
    host = environ.get("TANDEM_SMTP_HOST", "")
    sender = environ.get("TANDEM_SMTP_FROM", "")
    if host and "@" not in sender:
        raise SettingsError("TANDEM_SMTP_FROM must give the address reminders are sent from.")
    security = environ.get("TANDEM_SMTP_SECURITY", "starttls").lower()
    if security not in SECURITIES:
        raise SettingsError(f"TANDEM_SMTP_SECURITY must be one of {', '.join(SECURITIES)}.")
    return Smtp(
        host=host,
        port=_number(environ, "SMTP_PORT", 587, 1, 65535),
        sender=sender,
        user=environ.get("TANDEM_SMTP_USER", ""),
        password=environ.get("TANDEM_SMTP_PASSWORD", ""),
        security=security,
    )


def _number(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(f"TANDEM_{name}", str(default))
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"TANDEM_{name} must be a whole number, not {raw!r}.") from None
    if not low <= value <= high:
        raise SettingsError(f"TANDEM_{name} must be between {low} and {high}, not {value}.")
    return value


def flag(environ: Mapping[str, str], name: str, default: B) -> bool | B:
    """The one reading of a yes/no setting: a spelling it does not know is refused, not guessed."""
    raw = environ.get(f"TANDEM_{name}")
    if raw is None:
        return default
    if raw.strip().lower() in TRUE:
        return True
    if raw.strip().lower() in FALSE:
        return False
    raise SettingsError(
        f"TANDEM_{name} must be true or false (or 1/0, yes/no, y/n, on/off), not {raw!r}."
    )
