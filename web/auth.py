"""Bearer tokens: who is calling, and whether their role may use the endpoint at all.

Every endpoint needs a valid token and one of the roles it allows, unless it is marked public:
an endpoint that says nothing lets no one in.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache, wraps
from typing import Any, TypeVar

import jwt
from flask import Flask, current_app, g, request
from werkzeug.exceptions import Forbidden, Unauthorized

from services import Caller
from services.policy import ROLES
from web.signin.bearer import provider_caller

F = TypeVar("F", bound=Callable[..., Any])
ALGORITHM = "HS256"
TIMES = ("exp", "iat", "nbf")
MAX_SUB = 200
# The roles that routes allow together most often.
PARTIES = ("participant",)
STAFF = ("coordinator", "admin")
PARTIES_AND_STAFF = ("participant", *STAFF)


def allow(*roles: str) -> Callable[[F], F]:
    """Marks the roles that may call an endpoint; checked before the body is read."""

    def mark(view: F) -> F:
        view.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return view

    return mark


def public(view: F) -> F:
    """Marks an endpoint anyone may call, without a token."""

    @wraps(view)  # a wrapper, since a bound method (flask-smorest's) takes no mark
    def for_anyone(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    for_anyone.public = True  # type: ignore[attr-defined]
    return for_anyone  # type: ignore[return-value]


def open_to_anyone(app: Flask, *endpoints: str) -> None:
    """Makes endpoints that Flask or flask-smorest registered (static files, the API's own
    documentation) public, as `public` does for the app's own."""
    for endpoint in endpoints:
        app.view_functions[endpoint] = public(app.view_functions[endpoint])


def answered_by_session(app: Flask, *endpoints: str) -> None:
    """Marks the web app's pages and sign-in: they know people by their session cookie (and
    send them to sign in), so no bearer token is asked of them here."""
    for endpoint in endpoints:
        view = app.view_functions[endpoint]

        @wraps(view)
        def by_session(*args: Any, _view: Any = view, **kwargs: Any) -> Any:
            return _view(*args, **kwargs)

        by_session.by_session = True  # type: ignore[attr-defined]
        app.view_functions[endpoint] = by_session


def caller() -> Caller:
    return g.caller  # type: ignore[no-any-return]


def authenticate() -> None:
    """Runs before every request: 401 without a valid token, 403 for a role not allowed, unless
    the endpoint is public. A path no endpoint serves is left to routing (404, 405)."""
    if request.endpoint is None:
        return
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "public", False) is True or getattr(view, "by_session", False) is True:
        return
    g.caller = bearer_caller(request.headers.get("Authorization", ""))
    if not g.caller.roles & getattr(view, "allowed_roles", frozenset()):
        raise Forbidden("Your role may not do this.")


@lru_cache(maxsize=4096)
def _verified(token: str, secret: str) -> dict[str, Any]:
    """The claims of a token whose signature and claims were checked; a client sends the same
    token with every request, so each is verified once (only its expiry is checked again)."""
    claims: dict[str, Any] = jwt.decode(
        token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]}
    )
    _check_claims(claims)
    return claims


def _check_claims(claims: dict[str, Any]) -> None:
    """Claims of the right type, holding text every store can keep (PostgreSQL: no NUL)."""
    for name in TIMES:
        if name in claims and not _is_time(claims[name]):
            raise jwt.InvalidTokenError(f"The {name} claim must be a number of seconds")
    sub = claims["sub"]
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUB:
        raise jwt.InvalidTokenError(f"The subject must be a string of 1 to {MAX_SUB} characters")
    if not _storable(sub):
        raise jwt.InvalidTokenError("The subject holds control characters or broken Unicode")
    roles = claims.get("roles")
    if (
        not isinstance(roles, list)
        or not roles
        or not all(isinstance(role, str) and role in ROLES for role in roles)
    ):
        raise jwt.InvalidTokenError(f"The roles must be a list drawn from {sorted(ROLES)}")


def _is_time(value: Any) -> bool:
    """A NumericDate (RFC 7519): a finite JSON number, which a bool is not."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _storable(text: str) -> bool:
    """No C0 control character or DEL, and no lone surrogate (it cannot be encoded)."""
    if any(ord(char) < 0x20 or char == "\x7f" for char in text):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def bearer_caller(header: str) -> Caller:
    """The caller an Authorization header names; 401 unless it carries a valid token."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("A bearer token is required.")
    if _algorithm(token.strip()) != ALGORITHM:
        return provider_caller(token.strip())  # one the identity provider signed, if any
    try:
        claims = _verified(token.strip(), current_app.config["SECRET_KEY"])
        if claims["exp"] <= time.time():  # verified earlier, perhaps before it expired
            raise jwt.ExpiredSignatureError("Signature has expired")
    except jwt.PyJWTError as error:
        raise Unauthorized(f"The token is not valid: {error}.") from None
    return Caller(sub=claims["sub"], roles=frozenset(claims["roles"]))


def _algorithm(token: str) -> str | None:
    try:
        return str(jwt.get_unverified_header(token).get("alg"))
    except jwt.PyJWTError as error:
        raise Unauthorized(f"The token is not valid: {error}.") from None


def mint_token(secret: str, sub: str, roles: list[str], valid_for: timedelta) -> str:
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    claims = {"sub": sub, "roles": roles, "iat": datetime.now(UTC)}
    claims["exp"] = datetime.now(UTC) + valid_for
    return jwt.encode(claims, secret, algorithm=ALGORITHM)
