"""Fixtures shared by every test: an app on a fresh SQLite file, and a client that speaks HTTP.

Set TANDEM_BASE_URL (and TANDEM_SECRET_KEY) to run the API tests and features against a live server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.api import ApiClient, FlaskTransport, HttpTransport

TEST_SECRET = "test-secret-key-for-tandem-at-least-32-bytes"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Any]:
    from web import create_app

    flask_app = create_app(
        {"TESTING": True, "SECRET_KEY": TEST_SECRET, "DATA_DIR": str(tmp_path / "data")}
    )
    yield flask_app
    flask_app.extensions["services"].close()


@pytest.fixture
def api(request: pytest.FixtureRequest) -> ApiClient:
    base_url = os.environ.get("TANDEM_BASE_URL")
    if base_url:
        return ApiClient(HttpTransport(base_url), os.environ["TANDEM_SECRET_KEY"])
    flask_app = request.getfixturevalue("app")
    return ApiClient(FlaskTransport(flask_app), TEST_SECRET)
