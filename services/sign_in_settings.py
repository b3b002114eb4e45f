"""The web app's sign-in settings: TANDEM_OIDC_* (the identity provider and how its people map
to Tandem) and the session cookie."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.store import SettingsError

STAFF_ROLES = frozenset({"coordinator", "auditor", "admin"})
DEFAULT_ROLE_MAP = {role: role for role in sorted(STAFF_ROLES)}


@dataclass(frozen=True)
class SignInSettings:
    issuer: str | None = None  # the provider's issuer URL; discovery is read from it
    client_id: str | None = None
    client_secret: str | None = None
    scope: str = "openid email profile"
    # a claim holding the participant's Tandem id; unset: participants by verified e-mail
    participant_claim: str | None = None
    staff_claim: str = "sub"  # the claim that names staff (their `sub` in Tandem)
    roles_claim: str = "groups"  # the claim listing groups or roles
    # which of those groups give which staff role
    role_map: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLE_MAP))
    audience: str | None = None  # what the provider's API tokens name in `aud` (client id if unset)
    session_hours: float = 8.0
    cookie_secure: bool | None = None  # unset: secure everywhere but development

    @property
    def configured(self) -> bool:
        return bool(self.issuer and self.client_id and self.client_secret)

    @property
    def api_audience(self) -> str | None:
        return self.audience or self.client_id

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SignInSettings:
        from services.settings import flag  # the one reading of yes/no settings

        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"TANDEM_OIDC_{name}", "").strip()
            return value or None

        defaults = cls()
        role_map = get("ROLE_MAP")
        settings = cls(
            issuer=(get("ISSUER") or "").rstrip("/") or None,
            client_id=get("CLIENT_ID"),
            client_secret=get("CLIENT_SECRET"),
            scope=get("SCOPE") or defaults.scope,
            participant_claim=get("PARTICIPANT_CLAIM"),
            staff_claim=get("STAFF_CLAIM") or defaults.staff_claim,
            roles_claim=get("ROLES_CLAIM") or defaults.roles_claim,
            role_map=parse_role_map(role_map) if role_map else defaults.role_map,
            audience=get("AUDIENCE"),
            session_hours=_hours(get("SESSION_HOURS")),
            cookie_secure=flag(env, "OIDC_COOKIE_SECURE", None),
        )
        if settings.issuer and not settings.configured:
            raise SettingsError(
                "TANDEM_OIDC_ISSUER needs TANDEM_OIDC_CLIENT_ID and _CLIENT_SECRET."
            )
        return settings


def parse_role_map(text: str) -> dict[str, str]:
    """`group=role,group=role`: which of the provider's groups give which staff role."""
    mapping = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        group, sep, role = (side.strip() for side in pair.partition("="))
        if not sep or not group or role not in STAFF_ROLES:
            raise SettingsError(
                f"TANDEM_OIDC_ROLE_MAP: {pair!r} is not group=role with a role among"
                f" {', '.join(sorted(STAFF_ROLES))}."
            )
        mapping[group] = role
    return mapping


def _hours(text: str | None) -> float:
    if text is None:
        return SignInSettings.session_hours
    try:
        hours = float(text)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= 24 * 30:
        raise SettingsError("TANDEM_OIDC_SESSION_HOURS must be a number of hours up to 720.")
    return hours
