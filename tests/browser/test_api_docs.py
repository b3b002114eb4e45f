"""/docs: the API's documentation renders in a browser, from the app's own files alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from services.store import Store
from tests.support.app import app_for_tests
from tests.support.local_server import LocalServer

OPERATIONS = [
    ("POST", "/api/relationships"),
    ("GET", "/api/relationships/{relationship_id}"),
    ("POST", "/api/relationships/{relationship_id}/accept"),
    ("GET", "/api/programs/{program_id}/status"),
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    flask_app = app_for_tests(Store.sqlite(tmp_path / "data"), "x" * 40)
    try:
        with LocalServer(flask_app) as server:
            yield server.url
    finally:
        flask_app.extensions["services"].close()


def test_the_docs_page_shows_every_operation_from_local_files_only(page: Any, served: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{served}/docs")

    for method, path in OPERATIONS:
        summary = page.locator(f".opblock-{method.lower()} .opblock-summary")
        operation = summary.filter(has=page.locator(f'[data-path="{path}"]'))
        expect(operation).to_be_visible()
        expect(operation.locator(".opblock-summary-method")).to_have_text(method)
    expect(page.get_by_text("Unable to render this definition")).to_have_count(0)
    hosts = {urlsplit(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlsplit(served).netloc}, requested
