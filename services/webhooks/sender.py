"""One delivery over HTTP (httpx): to the address checked for it, with timeouts on every phase,
no redirects followed, and no more of the receiver's answer kept than a short excerpt."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import httpx

from services.webhooks.addresses import RefusedAddress, Resolver, Target, system_resolver, target
from services.webhooks.messages import CONTENT_TYPE

EXCERPT = 200  # characters of a receiver's answer kept, for the deliveries list
READ_AT_MOST = 4096  # bytes of an answer read: a short one leaves the connection reusable
CLIENTS = 64  # receivers whose connections are kept open
USER_AGENT = "Tandem-Webhooks/1"


@dataclass(frozen=True)
class Answer:
    ok: bool
    code: int | None
    error: str | None


class Sender:
    def __init__(
        self, timeout: float, allow_private: bool, resolve: Resolver = system_resolver
    ) -> None:
        self.timeout = httpx.Timeout(timeout)
        self.allow_private = allow_private
        self.resolve = resolve
        self._clients: OrderedDict[tuple[str, str, int, str], httpx.Client] = OrderedDict()
        self._lock = threading.Lock()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        """Never raises: what went wrong is the answer's `error`."""
        try:
            where = target(url, self.allow_private, self.resolve)
        except RefusedAddress as refused:
            return Answer(False, None, f"refused: {refused}")
        sent = {**headers, "content-type": CONTENT_TYPE, "host": _host_header(where)}
        try:
            with self._client(where).stream(
                "POST",
                _pinned(where),
                content=body,
                headers=sent,
                extensions={"sni_hostname": where.host},
            ) as answer:
                text = _excerpt(answer)
                if answer.is_success:
                    return Answer(True, answer.status_code, None)
                return Answer(
                    False, answer.status_code, _clean(f"HTTP {answer.status_code}: {text}")
                )
        except httpx.TimeoutException as error:
            return Answer(False, None, f"timed out: {type(error).__name__}")
        except httpx.HTTPError as error:
            return Answer(False, None, _clean(f"{type(error).__name__}: {error}"))

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def _client(self, where: Target) -> httpx.Client:
        """One client per receiver host and address: its connections are only ever reused for
        that host (TLS names the host), and an address that changes gets new ones."""
        key = (where.scheme, where.host, where.port, where.address)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = httpx.Client(
                    timeout=self.timeout,
                    follow_redirects=False,
                    trust_env=False,  # never through a proxy the environment names
                    headers={"user-agent": USER_AGENT},
                )
                self._clients[key] = client
                if len(self._clients) > CLIENTS:
                    self._clients.popitem(last=False)[1].close()
            self._clients.move_to_end(key)
            return client


def _pinned(where: Target) -> httpx.URL:
    """The URL with the checked address in place of the host name."""
    address = f"[{where.address}]" if ":" in where.address else where.address
    return httpx.URL(where.url).copy_with(host=address.strip("[]"), port=where.port)


def _host_header(where: Target) -> str:
    host = f"[{where.host}]" if ":" in where.host else where.host
    default = 443 if where.scheme == "https" else 80
    return host if where.port == default else f"{host}:{where.port}"


def _excerpt(answer: httpx.Response) -> str:
    taken = b""
    for chunk in answer.iter_raw(1024):
        taken += chunk
        if len(taken) >= READ_AT_MOST:
            break
    return taken[: EXCERPT * 4].decode("utf-8", errors="replace")


def _clean(text: str) -> str:
    """At most EXCERPT characters, printable: a store cannot keep NUL, a log should not."""
    return "".join(c if c.isprintable() else " " for c in text)[:EXCERPT].strip()
