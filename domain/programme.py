"""Programmes and the participants enrolled in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.aggregate import Aggregate
from domain.values import Role

LOCALES = ("id", "en")  # Bahasa Indonesia, English


@dataclass(frozen=True)
class Enrolment:
    program_id: UUID
    roles: list[Role]


class Program(Aggregate):
    class Created(Aggregate.Created):
        name: str
        description: str | None
        meeting_every_days: int | None
        coordinator: str

    @event(Created)
    def __init__(
        self,
        name: str,
        description: str | None,
        meeting_every_days: int | None,
        coordinator: str,
    ) -> None:
        self.name = name
        self.description = description
        self.meeting_every_days = meeting_every_days
        self.coordinators = [coordinator]

    def is_coordinated_by(self, sub: str) -> bool:
        return sub in self.coordinators


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

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["locale"] = None

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

    def roles_in(self, program_id: UUID) -> list[Role]:
        return self.enrolments.get(program_id, [])

    @property
    def programs(self) -> list[Enrolment]:
        return [Enrolment(program_id, roles) for program_id, roles in self.enrolments.items()]
