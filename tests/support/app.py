"""The app as the tests start it: built from a Settings object, in Flask's testing mode."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from services.settings import Settings
from services.store import Store

TEST_SECRET = "test-secret-key-for-tandem-at-least-32-bytes"
# For checks made before any store is read (queries, callers): one store shows them.
ONE_STORE = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def app_for_tests(store: Store, secret_key: str, **settings: Any) -> Flask:
    """The app on `store`; an error no handler answered fails the test instead of a 500."""
    from web import create_app

    app = create_app(Settings(store, secret_key=secret_key, **settings))
    app.testing = True
    return app
