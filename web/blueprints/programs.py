"""Programmes, participants and enrolments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.answers import Answer, command, created, creating, services
from web.auth import PARTIES_AND_STAFF, STAFF, caller
from web.blueprints.base import CREATE, Blueprint
from web.schemas.common import QuerySchema
from web.schemas.programs import (
    EnrolmentSchema,
    ParticipantCreateSchema,
    ParticipantSchema,
    ProgramChangeSchema,
    ProgramCreateSchema,
    ProgramSchema,
)

blp = Blueprint("programs", __name__, url_prefix="/api", description="Programmes and people")


@blp.post(
    "/programs", roles=STAFF, body=ProgramCreateSchema, answer=(201, ProgramSchema), problems=CREATE
)
def create_program(body: dict[str, Any]) -> tuple[Answer, int]:
    """Create a programme; its creator becomes its coordinator."""
    return created(services().programmes.create_program(creating(), **body))


@blp.get("/programs/<uuid:program_id>", roles=STAFF, query=QuerySchema, answer=(200, ProgramSchema))
def get_program(query: dict[str, Any], program_id: UUID) -> Any:
    """A programme, for its coordinators and admins."""
    return services().programmes.program(caller(), program_id)


@blp.patch(
    "/programs/<uuid:program_id>",
    roles=STAFF,
    body=ProgramChangeSchema,
    answer=(200, ProgramSchema),
    problems=(400, 401, 403, 404, 412, 413, 415, 422),
)
def change_program(body: dict[str, Any], program_id: UUID) -> Answer:
    """Change any of a programme's fields (its retention period among them); those left out stay."""
    recorded = services().programmes.change_program(command(), program_id, **body)
    return Answer(recorded.aggregate, position=recorded.position)


@blp.post(
    "/participants",
    roles=STAFF,
    body=ParticipantCreateSchema,
    answer=(201, ParticipantSchema),
    problems=CREATE,
)
def register_participant(body: dict[str, Any]) -> tuple[Answer, int]:
    """Register a participant, who can then be enrolled in programmes."""
    return created(services().programmes.register_participant(creating(), **body))


@blp.get(
    "/participants/<uuid:participant_id>",
    roles=PARTIES_AND_STAFF,
    query=QuerySchema,
    answer=(200, ParticipantSchema),
)
def get_participant(query: dict[str, Any], participant_id: UUID) -> Any:
    """A participant, for themselves, the coordinators of their programmes, and admins."""
    return services().programmes.participant(caller(), participant_id)


@blp.post(
    "/programs/<uuid:program_id>/enrollments",
    roles=STAFF,
    body=EnrolmentSchema,
    answer=(201, EnrolmentSchema),
    problems=(*CREATE, 404),
)
def enrol(body: dict[str, Any], program_id: UUID) -> tuple[Answer, int]:
    """Enrol a participant with roles; enrolling again replaces their roles there."""
    participant_id, roles = body["participant_id"], body["roles"]
    recorded = services().programmes.enrol(creating(), program_id, participant_id, roles)
    participant = recorded.aggregate
    now = [role.value for role in participant.roles_in(program_id)]
    return created(recorded, program_id=program_id, participant_id=participant.id, roles=now)
