"""What the two parties do together: boundaries, goals, meetings, agendas, feedback, mode."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.actions import SCHEDULE_MEETING, TOGETHER
from web.answers import Answer, changed, command, services
from web.blueprints.base import ETAG, Blueprint
from web.blueprints.relationships import PATH, command_route
from web.schemas.relationships import ScheduledMeetingSchema

blp = Blueprint(
    "collaboration",
    __name__,
    url_prefix="/api/relationships",
    description="Boundaries, goals, meetings, feedback and mode",
)

for _action in TOGETHER:
    command_route(blp, _action)


@blp.post(
    f"{PATH}/{SCHEDULE_MEETING.path()}",
    roles=SCHEDULE_MEETING.roles,
    body=SCHEDULE_MEETING.body,
    answer=(201, ScheduledMeetingSchema, ETAG),
)
def schedule_meeting(
    body: dict[str, Any], relationship_id: UUID
) -> tuple[Answer, int, dict[str, str]]:
    """Schedule a meeting; answers the meeting."""
    recorded = services().mentoring.schedule_meeting(command(), relationship_id, **body)
    state, headers = changed(recorded)
    assert recorded.part_id is not None
    meeting = Answer(
        state.meetings[recorded.part_id],
        relationship_id=state.id,
        version=state.version,
        position=recorded.position,
        reveals_private=recorded.reveals_private,
    )
    return meeting, 201, headers
