"""Every call the web app makes to the services, in one place: the same services the API calls,
so each rule of who may see what is decided once, there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from flask import current_app

from domain import Participant, Program
from domain.errors import InvalidReference
from services import Caller
from services.auditing import AuditQuery
from services.coordination import ListQuery, NotCaughtUp
from services.directory import Directory, Fellowship
from services.history import HistoryEvent
from services.offers import Offers
from services.paging import Page
from services.reads import RelationshipView
from services.sealing import Verification
from services.wiring import Services
from web.answers import Answer
from web.schemas.relationships import RelationshipSchema


def _services() -> Services:
    return current_app.extensions["services"]  # type: ignore[no-any-return]


def directory() -> Directory:
    return current_app.extensions["directory"]  # type: ignore[no-any-return]


def relationship(
    caller: Caller, relationship_id: UUID, as_of: datetime | None = None, version: int | None = None
) -> RelationshipView:
    return _services().reads.relationship(caller, relationship_id, as_of=as_of, version=version)


def document(view: RelationshipView) -> dict[str, Any]:
    """The relationship as the API answers it to the same reader: private text only for parties."""
    answer = Answer(view.relationship, reveals_private=view.reveals_private)
    dumped: dict[str, Any] = RelationshipSchema().dump(answer)
    return dumped


def offers(caller: Caller, view: RelationshipView) -> Offers:
    return _services().mentoring.offers(caller, view)


def fellowships(caller: Caller) -> list[Fellowship]:
    return directory().fellowships(caller)


def caught_up(after: int | None) -> None:
    """The views reflect the person's last command (waiting 5 s at most): their lists show what
    they just did. A position from another store, or views still behind, shows the lists as
    they are rather than no page at all."""
    try:
        _services().coordination.await_position(after)
    except (InvalidReference, NotCaughtUp):
        return


def history(caller: Caller, relationship_id: UUID) -> list[HistoryEvent]:
    return _services().reads.history(caller, relationship_id)


def verification(caller: Caller, relationship_id: UUID) -> Verification:
    return _services().evidence.verification(caller, relationship_id)


def relationships(caller: Caller, query: ListQuery) -> Page[dict[str, Any]]:
    return _services().coordination.relationships(caller, query)


def program(caller: Caller, program_id: UUID) -> Program:
    return _services().programmes.program(caller, program_id)


def program_status(caller: Caller, program_id: UUID, as_of: datetime | None) -> dict[str, Any]:
    if as_of is None:
        return _services().coordination.program_status(caller, program_id)
    return _services().coordination.program_status_as_of(caller, program_id, as_of)


def audit_events(caller: Caller, query: AuditQuery) -> Page[dict[str, Any]]:
    return _services().audit.events(caller, query)


def audit_export(caller: Caller, query: AuditQuery) -> Iterator[str]:
    return _services().audit.export(caller, query)


def participant(caller: Caller, participant_id: UUID) -> Participant:
    return _services().programmes.participant(caller, participant_id)


def programmes(caller: Caller) -> list[Program]:
    return directory().programmes(caller)


def cohorts(
    caller: Caller, program_id: UUID, by: Literal["month", "quarter"], as_of: datetime | None
) -> dict[str, Any]:
    return _services().analytics.cohorts(caller, program_id, by, as_of)


def names(caller: Caller, ids: Any) -> dict[str, str]:
    return directory().names(caller, ids)


def party_names(view: RelationshipView) -> dict[str, str]:
    return directory().party_names(view)
