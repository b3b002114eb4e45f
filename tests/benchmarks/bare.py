"""The yardstick: a bare Flask JSON endpoint, served with the same gunicorn settings as Tandem."""

from __future__ import annotations

from typing import Any

from flask import Flask, request

app = Flask(__name__)


@app.post("/echo")
def echo() -> tuple[dict[str, Any], int]:
    """Parses the JSON body and answers JSON: what every command does before any work."""
    return {"received": request.get_json()}, 200
