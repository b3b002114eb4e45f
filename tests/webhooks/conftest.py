"""Webhooks against a real receiver on loopback, on both stores. The dispatcher is driven by the
tests (catch up, deliver what is due at a moment they choose) unless a test starts its thread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.store import Store
from services.webhooks.dispatcher import Dispatcher
from services.webhooks.settings import WebhookSettings
from services.wiring import Services
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.receiver import Receiver


@pytest.fixture
def settings() -> WebhookSettings:
    return WebhookSettings(dispatch=False)


@pytest.fixture
def app(store: Store, settings: WebhookSettings) -> Iterator[Any]:
    flask_app = app_for_tests(store, TEST_SECRET, webhooks=settings)
    yield flask_app
    flask_app.extensions["services"].close()


@pytest.fixture
def services(app: Any) -> Services:
    found: Services = app.extensions["services"]
    return found


@pytest.fixture
def dispatcher(services: Services) -> Dispatcher:
    return services.webhooks.dispatcher


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    running.start()
    yield running
    running.stop()
