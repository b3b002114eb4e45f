"""One way for tests to speak HTTP to Tandem: in-process through Flask, or to a live server."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import jwt


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: Any

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Transport(Protocol):
    def send(
        self, method: str, path: str, headers: dict[str, str], data: bytes | None
    ) -> ApiResponse: ...


def _decoded(status: int, headers: dict[str, str], raw: bytes) -> ApiResponse:
    headers = {k.lower(): v for k, v in headers.items()}
    body: Any = raw.decode("utf-8", errors="replace") if raw else None
    media_type = headers.get("content-type", "").split(";")[0].strip()
    if raw and (media_type == "application/json" or media_type.endswith("+json")):
        body = json.loads(raw)
    return ApiResponse(status, headers, body)


class FlaskTransport:
    def __init__(self, flask_app: Any) -> None:
        self.client = flask_app.test_client()

    def send(
        self, method: str, path: str, headers: dict[str, str], data: bytes | None
    ) -> ApiResponse:
        answer = self.client.open(path, method=method, headers=headers, data=data)
        return _decoded(answer.status_code, dict(answer.headers), answer.get_data())


class HttpTransport:
    def __init__(self, base_url: str) -> None:
        import httpx

        # A fresh connection per request: no race with the server closing an idle keep-alive one.
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=30,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def send(
        self, method: str, path: str, headers: dict[str, str], data: bytes | None
    ) -> ApiResponse:
        answer = self.client.request(method, path, headers=headers, content=data)
        return _decoded(answer.status_code, dict(answer.headers), answer.content)


@dataclass
class ApiClient:
    """Sends requests as a given token; `json=` bodies are encoded, `data=` goes raw."""

    transport: Transport
    secret: str
    default_headers: dict[str, str] = field(default_factory=dict)

    def token(
        self,
        sub: str,
        roles: list[str],
        *,
        expires_in: timedelta = timedelta(hours=1),
        key: str | None = None,
        **claims: Any,
    ) -> str:
        payload = {"sub": sub, "roles": roles, "exp": datetime.now(UTC) + expires_in, **claims}
        return jwt.encode(payload, key or self.secret, algorithm="HS256")

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResponse:
        sent = dict(self.default_headers)
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        if json_body is not None:
            data = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        return self.transport.send(method, path, sent, data)

    def get(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> ApiResponse:
        return self.request("POST", path, json_body={} if body is None else body, **kwargs)
