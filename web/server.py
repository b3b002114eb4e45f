"""gunicorn's worker for Tandem: what gunicorn answers itself is problem+json too (RFC 9457).

gunicorn refuses a request it cannot parse (a request line or header block too long, a malformed
one) before the app sees it, and writes an HTML page. This worker lets gunicorn decide the status
and log as it does, then answers that status as a problem like every other answer of the API.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from gunicorn import util
from gunicorn.http.errors import InvalidHeader, UnsupportedTransferCoding
from gunicorn.workers.gthread import ThreadWorker

from web.errors import PROBLEM_JSON, UNEXPECTED, problem_document

MAX_DETAIL = 200


class _ErrorPage:
    """Stands in for the client's socket while gunicorn writes its error page, keeping it."""

    def __init__(self) -> None:
        self.written = b""

    def gettimeout(self) -> float | None:
        return None

    def setblocking(self, flag: bool) -> None:
        pass

    def sendall(self, data: bytes) -> None:
        self.written += data

    def status(self) -> int | None:
        """The status gunicorn chose, from its status line (`HTTP/1.1 414 URI Too Long`)."""
        parts = self.written.split(b"\r\n", 1)[0].split()
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


class ProblemWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker, answering its own refusals as application/problem+json."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, UnsupportedTransferCoding):  # 501 by gunicorn; no input may cause a 5xx
            exc = InvalidHeader("Transfer-Encoding", req)
        page = _ErrorPage()
        super().handle_error(req, page, addr, exc)  # decides the status, logs it, writes to page
        status = page.status()
        if status is None:
            return
        slug = "malformed-request" if status == 400 else None
        body = json.dumps(problem_document(status, self._detail(status, exc), slug=slug)).encode()
        head = (
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            f"Connection: close\r\nContent-Type: {PROBLEM_JSON}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        try:
            util.write_nonblock(client, head.encode("latin-1") + body)
        except OSError:
            self.log.debug("Failed to send error message.")

    def _detail(self, status: int, exc: BaseException) -> str:
        if status == 414:
            limit = self.cfg.limit_request_line
            return f"The request line is longer than the {limit} bytes this server accepts."
        if status == 431:
            fields, size = self.cfg.limit_request_fields, self.cfg.limit_request_field_size
            return (
                f"The request has more than {fields} header fields, or one longer than"
                f" {size} bytes."
            )
        if status >= 500:
            return UNEXPECTED
        return f"The request could not be parsed: {str(exc)[:MAX_DETAIL]}."
