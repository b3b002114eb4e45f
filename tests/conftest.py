"""Fixtures shared by every test: an app on a fresh store, a client that speaks HTTP, and the
Graduate Engineers programme made through it (tests/support/http_world.py).

Tests that use `app` or `api` run on both stores: a SQLite file, and a schema of a throwaway
PostgreSQL server that the run starts itself (skipped, with the reason, where no binaries exist).
Set TANDEM_BASE_URL (and TANDEM_SECRET_KEY) to run the API tests and features against a live server.
`--through=browser` runs the features of a relationship's life as people live them, on the web
app's pages in Chromium (tests/steps/conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.store import Store
from tests.support.api import ApiClient, FlaskTransport, HttpTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.browser import through_the_browser
from tests.support.http_world import Programme, graduate_engineers
from tests.support.postgres import ThrowawayPostgres, binaries

NO_POSTGRES = "PostgreSQL binaries (initdb, pg_ctl) not found: PostgreSQL tests skipped"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--through",
        choices=("api", "browser"),
        default="api",
        help="How the features' steps act: through the API (in-process, or the live server in"
        " TANDEM_BASE_URL), or as people do, on the web app's pages in Chromium.",
    )


def pytest_report_header() -> str:
    bindir = binaries()
    return f"PostgreSQL for tests: {bindir}" if bindir else NO_POSTGRES


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    bindir = binaries()
    if bindir is None:
        pytest.skip(NO_POSTGRES)
    server = ThrowawayPostgres(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if os.environ.get("TANDEM_BASE_URL") and request.param == "postgres":
        pytest.skip("A live server uses its own store: run once, not once per store")
    if through_the_browser(request.config) and request.param == "postgres":
        pytest.skip("Through the browser, one server on SQLite answers: run once, not per store")
    if request.param == "sqlite":
        yield Store.sqlite(tmp_path / "data")
        return
    server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
    store = server.store(tmp_path / "data", pool_size=2, max_overflow=4)
    yield store
    server.drop_schema(store.schema)


@pytest.fixture
def app(store: Store) -> Iterator[Any]:
    flask_app = app_for_tests(store, TEST_SECRET)
    yield flask_app
    flask_app.extensions["services"].close()


@pytest.fixture
def api(request: pytest.FixtureRequest, store: Store) -> ApiClient:
    base_url = os.environ.get("TANDEM_BASE_URL")
    if base_url:
        return ApiClient(HttpTransport(base_url), os.environ["TANDEM_SECRET_KEY"])
    flask_app = request.getfixturevalue("app")
    return ApiClient(FlaskTransport(flask_app), TEST_SECRET)


@pytest.fixture
def programme(api: ApiClient) -> Programme:
    return graduate_engineers(api)
