"""Driving webhooks as the tests do: a coordinator's subscription through the API, and a turn
of the dispatcher at a moment the test chooses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.webhooks.dispatcher import Dispatcher
from tests.support.answers import must
from tests.support.http_world import Programme


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
