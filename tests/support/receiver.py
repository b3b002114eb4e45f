"""A webhook receiver on loopback (pytest-httpserver, threaded): records what it is sent, answers
as the test says, and checks signatures with the standardwebhooks verifier."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pytest_httpserver import HTTPServer
from standardwebhooks.webhooks import Webhook
from werkzeug import Request, Response


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


class Receiver:
    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request("/hook", method="POST").respond_with_handler(self._handle)
        self.received: list[Received] = []
        self.status = 204  # what it answers, unless `answer` decides
        self.answer: Callable[[Received], int] | None = None
        self._changed = threading.Condition()

    @property
    def url(self) -> str:
        return self.server.url_for("/hook")

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.clear()
        if self.server.is_running():
            self.server.stop()

    def _handle(self, request: Request) -> Response:
        got = Received({k.lower(): v for k, v in request.headers.items()}, request.get_data())
        status = self.answer(got) if self.answer is not None else self.status
        with self._changed:
            self.received.append(got)
            self._changed.notify_all()
        return Response("accepted" if status < 300 else "the receiver is down", status=status)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """What it has received once it holds at least `count` messages (fails after timeout)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.received) >= count, timeout)
            got = [r.headers.get("webhook-id") for r in self.received]
            assert len(self.received) >= count, f"received {len(self.received)} of {count}: {got}"
            return list(self.received)

    def verified(self, secret: str) -> list[dict[str, Any]]:
        """Every message, its signature checked as a receiver would (raises if one fails)."""
        verifier = Webhook(secret)
        return [verifier.verify(got.body, got.headers) for got in self.received]
