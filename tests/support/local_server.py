"""A WSGI app served on loopback in a thread of the test's own process, for a real browser."""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server


class LocalServer:
    """A WSGI app served by werkzeug on a free loopback port, in a thread of this process."""

    def __init__(self, wsgi_app: Any) -> None:
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
