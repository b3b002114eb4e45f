"""The web app for people under /app: server-rendered pages on the same services as the API,
in Bahasa Indonesia and English, signed in with the organisation's identity provider."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from flask import Flask

from services.directory import Directory
from web.auth import answered_by_session
from web.pages.forms import csrf
from web.pages.headers import secure_app_headers
from web.pages.labels import init_labels
from web.pages.languages import init_languages
from web.pages.timeline import init_timeline
from web.signin.provider import Provider

__all__ = ["init_languages", "protect_forms", "register_app", "secure_app_headers"]
SESSION_COOKIE = "tandem_session"


def register_app(app: Flask) -> None:
    """The sign-in and the pages, with the identity provider when one is configured."""
    from web.pages import acting, audit, home, programmes, relationship, requesting  # noqa: F401
    from web.pages.blueprint import pages
    from web.signin.routes import signin

    tandem_settings = app.extensions["settings"]
    settings = tandem_settings.sign_in
    services = app.extensions["services"]
    app.extensions["sign_in"] = settings
    app.extensions["directory"] = Directory(services.tandem, services.programmes, services.views)
    if settings.configured:
        app.extensions["identity_provider"] = Provider(app, settings)
    secure = settings.cookie_secure
    app.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # the provider's redirect back is a top-level GET
        SESSION_COOKIE_SECURE=tandem_settings.env != "development" if secure is None else secure,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
    )
    init_labels(app)
    init_timeline(app)
    # each page carries a mark of its own: whoever waits for a form's answer (htmx swaps it in
    # place of the page) knows when it has come
    app.jinja_env.globals["rendered"] = lambda: uuid4().hex
    app.register_blueprint(signin)
    app.register_blueprint(pages)
    pages_and_sign_in = (e for e in app.view_functions if e.startswith(("pages.", "signin.")))
    answered_by_session(app, *pages_and_sign_in)


def protect_forms(app: Flask) -> None:
    csrf.init_app(app)
