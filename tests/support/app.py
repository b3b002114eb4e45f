"""The app as the tests start it: built from a Settings object, in Flask's testing mode."""

from __future__ import annotations

from typing import Any

from flask import Flask

from services.settings import Settings
from services.store import Store


def app_for_tests(store: Store, secret_key: str, **settings: Any) -> Flask:
    """The app on `store`; an error no handler answered fails the test instead of a 500."""
    from web import create_app

    app = create_app(Settings(store, secret_key=secret_key, **settings))
    app.testing = True
    return app
