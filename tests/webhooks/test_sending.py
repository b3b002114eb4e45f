"""One delivery over HTTP: bounded in time, redirects not followed, answers kept as excerpts."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from services.webhooks.sender import EXCERPT, Sender


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


def send(server: HTTPServer, timeout: float = 5) -> object:
    return Sender(timeout=timeout, allow_private=True).post(server.url_for("/hook"), b"{}", {})


def test_only_a_short_excerpt_of_a_receivers_answer_is_kept(server: HTTPServer) -> None:
    server.expect_request("/hook").respond_with_data("\x00boom " * 5000, status=500)

    answer = send(server)

    assert not answer.ok and answer.code == 500  # type: ignore[attr-defined]
    error = answer.error  # type: ignore[attr-defined]
    assert error.startswith("HTTP 500: ") and len(error) <= EXCERPT and "\x00" not in error


def test_a_redirect_is_not_followed(server: HTTPServer) -> None:
    server.expect_request("/hook").respond_with_data("", status=307, headers={"Location": "/else"})
    server.expect_request("/else").respond_with_data("", status=204)

    answer = send(server)

    assert not answer.ok and answer.code == 307  # type: ignore[attr-defined]
    assert len(server.log) == 1


def test_a_receiver_that_never_answers_times_out(server: HTTPServer) -> None:
    released = threading.Event()

    def hang(request: Request) -> Response:
        released.wait(30)
        return Response(status=204)

    server.expect_request("/hook").respond_with_handler(hang)
    try:
        answer = send(server, timeout=1)
    finally:
        released.set()

    assert not answer.ok and answer.code is None  # type: ignore[attr-defined]
    assert answer.error.startswith("timed out")  # type: ignore[attr-defined]


def test_nothing_listening_is_a_failed_attempt_not_an_error() -> None:
    answer = Sender(timeout=2, allow_private=True).post("http://127.0.0.1:9/hook", b"{}", {})

    assert not answer.ok and answer.code is None and answer.error
