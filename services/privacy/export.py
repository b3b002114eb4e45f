"""A person's copy of everything Tandem holds about them (GDPR art. 15 and 20), as NDJSON: their
record and enrolments, then every event of every relationship they are a party to, oldest first,
with the private text of both parties in full (what an erasure left reads "[erased]")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain import Participant
from services import policy
from services.history import event_data, jsonable, utc_text
from services.policy import Caller, refusal
from services.privacy.erasure import Erasures

MEDIA_TYPE = "application/x-ndjson"


@dataclass(frozen=True)
class PersonalExport:
    erasures: Erasures  # knows which relationships are theirs, from views that read all the log

    def lines(self, caller: Caller, participant_id: UUID) -> Iterator[str]:
        """The lines of the export; the refusals come before the first line is asked for."""
        if not policy.may_export(caller, participant_id):
            raise refusal(caller, f"participant {participant_id}")
        app = self.erasures.app
        participant = app.load(Participant, participant_id)
        relationships = self.erasures.relationships_of(participant_id)
        return self._lines(participant, relationships)

    def _lines(self, participant: Participant, relationships: list[UUID]) -> Iterator[str]:
        yield _line({"record": "participant", **_person(participant)})
        app = self.erasures.app
        events: list[tuple[Any, int, Any]] = []
        for order, relationship_id in enumerate(relationships):
            with app.replaying(relationship_id):
                found: list[Any] = list(app.events.get(relationship_id))
            events += [(e.timestamp, order, e) for e in found]
        events.sort(key=lambda item: (item[0], item[1], item[2].originator_version))
        for _, _, event in events:
            yield _line(
                {
                    "record": "event",
                    "relationship_id": event.originator_id,
                    "version": event.originator_version,
                    "type": type(event).__name__,
                    "occurred_at": utc_text(event.timestamp),
                    "actor_id": event.by,
                    "data": event_data(event, reveal_private=True),
                }
            )


def _person(participant: Participant) -> dict[str, Any]:
    return {
        "id": participant.id,
        "name": participant.name,
        "email": participant.email,
        "expertise": participant.expertise,
        "timezone": participant.timezone,
        "locale": participant.locale,
        "registered_at": utc_text(participant.created_on),
        "erased_at": None if participant.erased_at is None else utc_text(participant.erased_at),
        "programs": [
            {"program_id": e.program_id, "roles": [r.value for r in e.roles]}
            for e in participant.programs
        ],
    }


def _line(record: dict[str, Any]) -> str:
    return json.dumps(jsonable(record), sort_keys=True, ensure_ascii=False) + "\n"
