"""Helpers for page tests in-process: a client signed in as someone (the sign-in itself is
tested on its own), and the CSRF token of a page's forms."""

from __future__ import annotations

import re
import time
from typing import Any

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def signed_in(flask_app: Any, sub: str, roles: list[str], name: str = "Someone") -> Any:
    client = flask_app.test_client()
    with client.session_transaction() as session:
        session.update(sub=sub, roles=roles, name=name, via="test", expires=time.time() + 3600)
    return client


def csrf_token(client: Any, path: str = "/app/sign-in") -> str:
    found = CSRF.search(client.get(path).get_data(as_text=True))
    assert found, f"no form with a CSRF token on {path}"
    return found.group(1)


def caught_up(flask_app: Any) -> None:
    """The views reflect every event recorded so far (they follow the log in a thread)."""
    services = flask_app.extensions["services"]
    end = services.tandem.recorder.max_notification_id() or 0
    assert services.projector.wait_for(end, 10), "the views did not catch up"
