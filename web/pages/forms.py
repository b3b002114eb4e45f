"""CSRF protection on every form of the app (Flask-WTF), and reading the app's query forms."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect
from marshmallow import Schema

IGNORED = ("lang",)  # the language switch rides along on any page's address


class Csrf:
    """Only the app's pages are protected: the API takes bearer tokens, never cookies."""

    def __init__(self) -> None:
        self._protect = CSRFProtect()

    def init_app(self, app: Flask) -> None:
        app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
        app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # as long as the signed-in session
        self._protect.init_app(app)

    def protect_posts(self) -> None:
        if request.method == "POST":
            self._protect.protect()


csrf = Csrf()


def query(schema: Schema) -> dict[str, Any]:
    """The page's query parsed by the API's own schema; fields left empty in a form are unset.
    A ValidationError says what is wrong (the page shows it)."""
    given = {
        key: value.strip()
        for key, value in request.args.items()
        if key not in IGNORED and value.strip()
    }
    loaded: dict[str, Any] = schema.load(given)
    return loaded
