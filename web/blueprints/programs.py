"""Programmes, participants and enrolments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.answers import Answer, created, creating, services
from web.auth import allow, caller
from web.blueprints.base import CREATE, READ, Blueprint, command_docs, problems
from web.schemas.common import QuerySchema
from web.schemas.programs import (
    EnrolmentSchema,
    ParticipantCreateSchema,
    ParticipantSchema,
    ProgramCreateSchema,
    ProgramSchema,
)

blp = Blueprint("programs", __name__, url_prefix="/api", description="Programmes and people")
STAFF = ("coordinator", "admin")


@blp.route("/programs", methods=["POST"])
@allow(*STAFF)
@blp.arguments(ProgramCreateSchema)
@blp.response(201, ProgramSchema)
@command_docs(blp, *CREATE)
def create_program(body: dict[str, Any]) -> tuple[Answer, int]:
    """Create a programme; its creator becomes its coordinator."""
    return created(services().tandem.create_program(creating(), **body))


@blp.route("/programs/<uuid:program_id>", methods=["GET"])
@allow(*STAFF)
@blp.arguments(QuerySchema, location="query")
@blp.response(200, ProgramSchema)
@problems(blp, *READ)
def get_program(query: dict[str, Any], program_id: UUID) -> Any:
    """A programme, for its coordinators and admins."""
    return services().tandem.program(caller(), program_id)


@blp.route("/participants", methods=["POST"])
@allow(*STAFF)
@blp.arguments(ParticipantCreateSchema)
@blp.response(201, ParticipantSchema)
@command_docs(blp, *CREATE)
def register_participant(body: dict[str, Any]) -> tuple[Answer, int]:
    """Register a participant, who can then be enrolled in programmes."""
    return created(services().tandem.register_participant(creating(), **body))


@blp.route("/participants/<uuid:participant_id>", methods=["GET"])
@allow("participant", *STAFF)
@blp.arguments(QuerySchema, location="query")
@blp.response(200, ParticipantSchema)
@problems(blp, *READ)
def get_participant(query: dict[str, Any], participant_id: UUID) -> Any:
    """A participant, for themselves, the coordinators of their programmes, and admins."""
    return services().tandem.participant(caller(), participant_id)


@blp.route("/programs/<uuid:program_id>/enrollments", methods=["POST"])
@allow(*STAFF)
@blp.arguments(EnrolmentSchema)
@blp.response(201, EnrolmentSchema)
@command_docs(blp, *CREATE, 404)
def enrol(body: dict[str, Any], program_id: UUID) -> tuple[Answer, int]:
    """Enrol a participant with roles; enrolling again replaces their roles there."""
    recorded = services().tandem.enrol(
        creating(), program_id, body["participant_id"], body["roles"]
    )
    participant = recorded.aggregate
    now = [role.value for role in participant.roles_in(program_id)]
    return created(recorded, program_id=program_id, participant_id=participant.id, roles=now)
