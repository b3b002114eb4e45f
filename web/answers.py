"""From HTTP to a service command and back: conditions in, state, ETag and position out."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import current_app, g, request

from domain import Relationship
from domain.errors import InvalidReference
from services import Command, Idempotency, Recorded, Tandem
from web.auth import caller

MAX_IDEMPOTENCY_KEY = 200
NDJSON = "application/x-ndjson"


def tandem() -> Tandem:
    return current_app.extensions["tandem"]  # type: ignore[no-any-return]


def command() -> Command:
    """The caller, with the If-Match version and Idempotency-Key they sent, if any."""
    return Command(caller(), _expected_version(), _idempotency())


def _expected_version() -> int | None:
    if "If-Match" not in request.headers or request.if_match.star_tag:
        return None
    tags = list(request.if_match.as_set(include_weak=True))
    if len(tags) == 1 and tags[0].isdigit():
        return int(tags[0])
    return -1  # matches no version: the command is refused with 412


def _idempotency() -> Idempotency | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY:
        raise InvalidReference("Idempotency-Key", "Must be 1 to 200 characters.")
    body = json.loads(request.get_data() or b"{}")
    canonical = json.dumps([request.method, request.path, body], sort_keys=True)
    return Idempotency(key, hashlib.sha256(canonical.encode()).hexdigest())


class Answer:
    """What a command produced, as the response schema reads it: the aggregate plus extras."""

    def __init__(self, subject: Any, **extras: Any) -> None:
        self._subject = subject
        self.__dict__.update(extras)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._subject, name)


def prefers(mimetype: str) -> bool:
    """Whether the client asked for this representation over JSON."""
    return request.accept_mimetypes.best_match(["application/json", mimetype]) == mimetype


def reveal_private_to_caller(relationship: Relationship) -> None:
    g.reveal_private = caller().is_party_to(relationship)


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def changed(recorded: Recorded[Relationship]) -> tuple[Answer, dict[str, str]]:
    """A relationship command's answer: the new state, its ETag and log position."""
    relationship = recorded.aggregate
    reveal_private_to_caller(relationship)
    return Answer(relationship, position=recorded.position), etag(relationship.version)


def created(recorded: Recorded[Any], **extras: Any) -> tuple[Answer, int]:
    return Answer(recorded.aggregate, position=recorded.position, **extras), 201
