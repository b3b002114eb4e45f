"""Tandem on a PostgreSQL store reached through a proxy that can lose a commit's answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_SECRET
from tests.support.api import ApiClient, FlaskTransport
from tests.support.faults import LosingProxy
from tests.support.postgres import ThrowawayPostgres


@dataclass(frozen=True)
class Lossy:
    api: ApiClient
    proxy: LosingProxy
    app: Any


@pytest.fixture
def lossy(postgres_server: ThrowawayPostgres, tmp_path: Path) -> Iterator[Lossy]:
    from web import create_app

    proxy = LosingProxy(postgres_server.port)
    store = postgres_server.store(tmp_path / "data", pool_size=2, max_overflow=4)
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "STORE_OBJECT": replace(store, port=proxy.port),
        "FOLLOW_LOG": False,  # the only commits through the proxy are the commands'
    }
    app = create_app(config)
    yield Lossy(ApiClient(FlaskTransport(app), TEST_SECRET), proxy, app)
    app.extensions["services"].close()
    proxy.close()
    postgres_server.drop_schema(store.schema)
