"""Every command the web app sends, in one place: the same services the API calls, with the
version of the page the person acted on as If-Match (a stale page is refused, not applied) and
the key the form was rendered with as Idempotency-Key (a double click or a resent form records
nothing twice)."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

from flask import current_app
from marshmallow import ValidationError

from services import Caller, Command, Idempotency
from services.mentoring import Done, Mentoring
from web.actions import ACTIONS
from web.answers import IDEMPOTENCY_KEY


def _mentoring() -> Mentoring:
    return current_app.extensions["services"].mentoring  # type: ignore[no-any-return]


def act(
    action: str,
    caller: Caller,
    relationship_id: UUID,
    part_id: UUID | None,
    body: dict[str, Any],
    version: int | None,
    key: str | None,
) -> Done:
    """One of a relationship's actions, as the page's form sent it."""
    sent = ["act", action, str(relationship_id), str(part_id), body]
    expected = frozenset({version}) if version is not None else None
    command = Command(caller, expected, _idempotency(key, sent))
    chosen = ACTIONS[action]
    part = {chosen.part: part_id} if chosen.part else {}
    return chosen.send(_mentoring(), command, relationship_id, **part, **body)


def request_mentoring(caller: Caller, body: dict[str, Any], key: str | None) -> Done:
    """A new request: nothing exists yet whose version the page could have shown."""
    command = Command(caller, None, _idempotency(key, ["request", body]))
    return _mentoring().request_mentoring(command, **body)


def _idempotency(key: str | None, sent: list[Any]) -> Idempotency | None:
    """The form's key, and a fingerprint of what it sent: the same key with other values is
    refused (IdempotencyMismatch), as the API refuses it."""
    if not key:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise ValidationError("Not a key this app makes.", "key")
    canonical = json.dumps(sent, sort_keys=True, default=str)
    return Idempotency(key, hashlib.sha256(canonical.encode()).hexdigest())
