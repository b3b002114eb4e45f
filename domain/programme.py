"""Programmes and the participants enrolled in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import errors
from domain.aggregate import Aggregate, fields_added
from domain.privacy import ERASED
from domain.values import Role

LOCALES = ("id", "en")  # Bahasa Indonesia, English


@dataclass(frozen=True)
class Enrolment:
    program_id: UUID
    roles: list[Role]


CHANGEABLE = ("name", "description", "meeting_every_days", "retain_private_text_days")


class Program(Aggregate):
    class Created(Aggregate.Created):
        name: str
        description: str | None
        meeting_every_days: int | None
        coordinator: str
        retain_private_text_days: int | None

        # Version 2 added the retention period; programmes created before it keep text.
        class_version = 2
        upcast_v1_v2 = fields_added(retain_private_text_days=None)

    @event(Created)
    def __init__(
        self,
        name: str,
        description: str | None,
        meeting_every_days: int | None,
        coordinator: str,
        retain_private_text_days: int | None = None,
    ) -> None:
        self.name = name
        self.description = description
        self.meeting_every_days = meeting_every_days
        self.coordinators = [coordinator]
        # Private text of relationships ended longer ago than this is erased; None: kept.
        self.retain_private_text_days = retain_private_text_days

    def is_coordinated_by(self, sub: str) -> bool:
        return sub in self.coordinators

    class Changed(Aggregate.Event):
        changes: dict[str, Any]  # only the fields changed, by name, with their new values
        by: str

    def change(self, by: str, **changes: Any) -> None:
        """Changes any of its name, description, meeting period and retention period."""
        if unknown := set(changes) - set(CHANGEABLE):
            raise ValueError(f"A programme has no {sorted(unknown)} to change.")
        changed = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if changed:
            self._changed(changes=changed, by=by)

    @event(Changed)
    def _changed(self, changes: dict[str, Any], by: str) -> None:
        for name, value in changes.items():
            setattr(self, name, value)


class Participant(Aggregate):
    class Registered(Aggregate.Created):
        name: str
        email: str | None
        expertise: list[str]
        timezone: str | None
        registered_by: str
        locale: str | None

        # Version 2 added `locale`; people registered before it have none (the default applies).
        class_version = 2
        upcast_v1_v2 = fields_added(locale=None)

    @event(Registered)
    def __init__(
        self,
        name: str,
        email: str | None,
        expertise: list[str],
        timezone: str | None,
        registered_by: str,
        locale: str | None = None,
    ) -> None:
        self.name = name
        self.email = email
        self.expertise = expertise
        self.timezone = timezone
        self.registered_by = registered_by
        self.locale = locale  # "id" or "en": the language of what Tandem sends them
        self.enrolments: dict[UUID, list[Role]] = {}
        self.erased_at: datetime | None = None

    class Enrolled(Aggregate.Event):
        program_id: UUID
        roles: list[str]
        by: str

    def enrol(self, program_id: UUID, roles: list[str], by: str) -> None:
        """Enrolling again in the same programme replaces the roles held there."""
        self._enrolled(program_id=program_id, roles=sorted({Role(r).value for r in roles}), by=by)

    @event(Enrolled)
    def _enrolled(self, program_id: UUID, roles: list[str], by: str) -> None:
        self.enrolments[program_id] = [Role(r) for r in roles]

    class Erased(Aggregate.Event):
        by: str
        reason: str

    def erase(self, by: str, reason: str) -> None:
        """Forgets who they were: name and e-mail erased, enrolled nowhere, for good."""
        if self.erased_at is not None:
            raise errors.Erased("This participant was erased already.")
        self._erased(by=by, reason=reason)

    @event(Erased)
    def _erased(self, by: str, reason: str, timestamp: datetime | None = None) -> None:
        self.name = ERASED
        self.email = ERASED
        self.enrolments = {}
        self.erased_at = timestamp

    def roles_in(self, program_id: UUID) -> list[Role]:
        return self.enrolments.get(program_id, [])

    @property
    def programs(self) -> list[Enrolment]:
        return [Enrolment(program_id, roles) for program_id, roles in self.enrolments.items()]
