"""Webhooks against a real receiver on loopback, on both stores. The dispatcher is driven by the
tests (catch up, deliver what is due at a moment they choose) unless a test starts its thread."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from services.store import Store
from services.webhooks.dispatcher import Dispatcher
from services.webhooks.settings import WebhookSettings
from services.wiring import Services
from tests.api.conftest import Programme, must, programme  # noqa: F401 - fixtures for these tests
from tests.support.app import TEST_SECRET, app_for_tests
from tests.webhooks.receiver import Receiver


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


def subscribe(to: Programme, url: str, **body: Any) -> tuple[str, str]:
    """A subscription of the programme's coordinator: its id and signing secret."""
    answer = to.api.post(
        "/api/subscriptions", {"url": url, "program_id": to.id, **body}, token=to.coordinator
    )
    made = must(answer, 201)
    return made["id"], made["secret"]


def deliver(dispatcher: Dispatcher, now: datetime | None = None) -> int:
    """What a turn of the dispatcher does at `now`: read the log, send what is due."""
    moment = now or datetime.now(UTC)
    dispatcher.catch_up(moment)
    return dispatcher.deliver_due(moment)
