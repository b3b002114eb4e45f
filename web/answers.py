"""From HTTP to a service command and back: conditions in, state, ETag and position out."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from domain import Relationship
from domain.errors import InvalidReference
from services import Command, Idempotency, Recorded
from services.errors import PreconditionFailed
from services.reads import RelationshipView
from services.wiring import Services
from web.auth import caller

MAX_IDEMPOTENCY_KEY = 200
IDEMPOTENCY_KEY = re.compile(rf"[\x20-\x7e]{{1,{MAX_IDEMPOTENCY_KEY}}}")
NDJSON = "application/x-ndjson"
# RFC 9110 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, in a list with empty elements
ENTITY_TAG = re.compile(r'[ \t,]*(W/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|\Z)')
VERSION_TAG = re.compile(r"0|[1-9][0-9]{0,17}")  # as etag() writes them; beyond is no version


def services() -> Services:
    """The application and its views, as create_app opened them: every route reaches them here."""
    return current_app.extensions["services"]  # type: ignore[no-any-return]


def command() -> Command:
    """The caller, with the versions If-Match allows and the Idempotency-Key they sent, if any."""
    return Command(caller(), _expected_versions(), _idempotency())


def creating() -> Command:
    """A command that creates: nothing has a version yet, so only `If-Match: *` can hold."""
    found = command()
    if found.expected_versions is not None:
        raise PreconditionFailed("Nothing exists yet whose version If-Match could match.")
    return found


def _expected_versions() -> frozenset[int] | None:
    """The versions If-Match allows (None: any). Tags are compared strongly (RFC 9110 13.1.1),
    so a weak tag, or one that is not `"<version>"`, matches nothing."""
    header = request.headers.get("If-Match")
    if header is None or header.strip(" \t") == "*":
        return None
    tags, at = [], 0
    while at < len(header):
        found = ENTITY_TAG.match(header, at)
        if found is None:
            break
        tags.append(found)
        at = found.end()
    if header[at:].strip(" \t,") or not tags:
        raise BadRequest('If-Match must be * or a list of entity tags, such as "7".')
    strong = [tag.group(2) for tag in tags if not tag.group(1)]
    return frozenset(int(tag) for tag in strong if VERSION_TAG.fullmatch(tag))


def _idempotency() -> Idempotency | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidReference(
            "Idempotency-Key", "Must be 1 to 200 printable ASCII characters (space to ~)."
        )
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


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def changed(recorded: Recorded[Relationship]) -> tuple[Answer, dict[str, str]]:
    """A relationship command's answer: the new state, its ETag and log position, with the
    service's decision on private text."""
    relationship = recorded.aggregate
    answer = Answer(
        relationship, position=recorded.position, reveals_private=recorded.reveals_private
    )
    return answer, etag(relationship.version)


def created(recorded: Recorded[Any], **extras: Any) -> tuple[Answer, int]:
    return Answer(recorded.aggregate, position=recorded.position, **extras), 201


def seen(view: RelationshipView, shown: Any = None) -> tuple[Answer, dict[str, str]]:
    """A relationship as one reader may see it, or what `shown` of it (a page of its parts):
    with the service's decision on private text, and the relationship's ETag."""
    subject = view.relationship if shown is None else shown
    return Answer(subject, reveals_private=view.reveals_private), etag(view.relationship.version)
