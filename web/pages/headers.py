"""Security headers on the app's pages and files: a strict CSP (no inline script or style),
no framing, no sniffing, no referrer beyond the origin, nothing personal kept in caches."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.wrappers import Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
COVERED = ("/app", "/static/")


def secure_app_headers(app: Flask) -> None:
    app.after_request(_secure)


def _secure(answer: Response) -> Response:
    if not request.path.startswith(COVERED):
        return answer
    answer.headers["Content-Security-Policy"] = CSP
    answer.headers["X-Content-Type-Options"] = "nosniff"
    answer.headers["X-Frame-Options"] = "DENY"
    answer.headers["Referrer-Policy"] = "same-origin"
    if request.path.startswith("/app"):
        answer.headers["Cache-Control"] = "no-store"
    return answer
