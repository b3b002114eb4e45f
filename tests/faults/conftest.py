"""Tandem on a PostgreSQL store reached through a proxy that can lose a commit's answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.faults import LosingProxy, Lossy
from tests.support.postgres import ThrowawayPostgres


@pytest.fixture
def lossy(postgres_server: ThrowawayPostgres, tmp_path: Path) -> Iterator[Lossy]:
    proxy = LosingProxy(postgres_server.port)
    store = postgres_server.store(tmp_path / "data", pool_size=2, max_overflow=4)
    # the only commits through the proxy are the commands'
    app = app_for_tests(replace(store, port=proxy.port), TEST_SECRET, follow_log=False)
    yield Lossy(ApiClient(FlaskTransport(app), TEST_SECRET), proxy, app)
    app.extensions["services"].close()
    proxy.close()
    postgres_server.drop_schema(store.schema)
