"""What gunicorn answers itself, before the app sees a request, is problem+json too (RFC 9457).

A real `tandem serve` (SQLite) on a free loopback port, spoken to over a raw socket, since no
HTTP client sends a request line that long or a header block that broken.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.postgres import free_port
from tests.support.server import E2E_SECRET, REPO, TANDEM

PROBLEM_JSON = "application/problem+json"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    data_dir = tmp_path_factory.mktemp("gunicorn")
    env = {**os.environ, "TANDEM_DATA_DIR": str(data_dir), "TANDEM_SECRET_KEY": E2E_SECRET}
    env.pop("TANDEM_STORE", None)
    port = free_port()
    with (data_dir / "server.log").open("w") as log:
        process = subprocess.Popen(
            [*TANDEM, "serve", "--port", str(port), "--threads", "2"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/healthz")
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not come up in 30 s")


def _exchange(server: tuple[str, int], request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Sends raw bytes; answers the status, headers and body of what came back."""
    with socket.create_connection(server, timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {
        name.strip().lower(): value.strip()
        for name, value in (line.split(":", 1) for line in lines)
    }
    return int(status_line.split()[1]), headers, body


REQUESTS = {
    "request line too long": (414, b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    "header field too large": (
        431,
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
    ),
    "too many header fields": (
        431,
        b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: x\r\n" % n for n in range(120)) + b"\r\n",
    ),
    "malformed request line": (400, b"NOT AN HTTP REQUEST\r\n\r\n"),
    "malformed header name": (400, b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n"),
    "unknown transfer coding": (
        400,
        b"POST /api/programs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: zstd, chunked\r\n\r\n",
    ),
}


@pytest.mark.parametrize(("status", "request_bytes"), REQUESTS.values(), ids=REQUESTS.keys())
def test_a_request_gunicorn_refuses_is_answered_as_a_problem(
    server: tuple[str, int], status: int, request_bytes: bytes
) -> None:
    answered, headers, raw = _exchange(server, request_bytes)

    assert answered == status, raw
    assert headers["content-type"] == PROBLEM_JSON
    assert int(headers["content-length"]) == len(raw)
    body = json.loads(raw)
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert body["type"] != "/problems/malformed-json"  # what the app says of a body, not this
