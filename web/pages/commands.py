"""Every command the web app sends, in one place: the same services the API calls, with the
version of the page the person acted on as If-Match (a stale page is refused, not applied) and
the key the form was rendered with as Idempotency-Key (a double click or a resent form records
nothing twice)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import current_app
from marshmallow import ValidationError

from domain import Relationship
from services import Caller, Command, Idempotency, Recorded
from services.mentoring import Mentoring
from web.answers import IDEMPOTENCY_KEY

Done = Recorded[Relationship]
Action = Callable[[Mentoring, Command, UUID, UUID | None, dict[str, Any]], Done]

ACTIONS: dict[str, Action] = {
    "accept": lambda m, c, r, p, body: m.accept(c, r, **body),
    "decline": lambda m, c, r, p, body: m.decline(c, r, **body),
    "withdraw": lambda m, c, r, p, body: m.withdraw(c, r, **body),
    "propose_boundaries": lambda m, c, r, p, body: m.propose_boundaries(c, r, **body),
    "agree_boundaries": lambda m, c, r, p, body: m.agree_boundaries(c, r),
    "add_goal": lambda m, c, r, p, body: m.add_goal(c, r, **body),
    "achieve_goal": lambda m, c, r, p, body: m.achieve_goal(c, r, _part(p), **body),
    "schedule_meeting": lambda m, c, r, p, body: m.schedule_meeting(c, r, **body),
    "prepare_agenda": lambda m, c, r, p, body: m.prepare_agenda(c, r, _part(p), **body),
    "hold_meeting": lambda m, c, r, p, body: m.hold_meeting(c, r, _part(p), **body),
    "cancel_meeting": lambda m, c, r, p, body: m.cancel_meeting(c, r, _part(p), **body),
    "give_feedback": lambda m, c, r, p, body: m.give_feedback(c, r, **body),
    "propose_mode": lambda m, c, r, p, body: m.propose_mode(c, r, **body),
    "agree_mode": lambda m, c, r, p, body: m.agree_mode(c, r),
    "pause": lambda m, c, r, p, body: m.pause(c, r, **body),
    "resume": lambda m, c, r, p, body: m.resume(c, r),
    "conclude": lambda m, c, r, p, body: m.conclude(c, r, **body),
}


def _mentoring() -> Mentoring:
    return current_app.extensions["services"].mentoring  # type: ignore[no-any-return]


def _part(part_id: UUID | None) -> UUID:
    assert part_id is not None, "the route of a goal's or meeting's action names it"
    return part_id


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
    return ACTIONS[action](_mentoring(), command, relationship_id, part_id, body)


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
