"""The compiled dump of a relationship answers exactly what marshmallow's own dump answers, and
both show private text only where the answer carries the service's decision that they may."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from domain import Relationship
from tests.benchmarks.long_history import live
from tests.support import domain_world
from web.answers import Answer
from web.schemas.common import PrivateTextSchema
from web.schemas.relationships import RECENT, RelationshipSchema


def a_long_relationship(events: int) -> Callable[[], Relationship]:
    def build() -> Relationship:
        relationship = domain_world.a_request()
        live(relationship, domain_world.BUDI, domain_world.ANA, events)
        return relationship

    return build


STATES: dict[str, Callable[[], Any]] = {
    "requested": domain_world.a_request,
    "active": domain_world.an_active_relationship,
    "peers": domain_world.a_peer_relationship,
    "declined": domain_world.a_declined_request,
    "withdrawn": domain_world.a_withdrawn_request,
    "busy": domain_world.a_busy_relationship,
    "paused": domain_world.a_paused_relationship,
    "concluded": domain_world.a_concluded_relationship,
    "boundaries proposed": a_long_relationship(3),
    "paused mid-life": a_long_relationship(117),
    "mode shift proposed": a_long_relationship(522),
    "in peer mode": a_long_relationship(560),
    "long": a_long_relationship(1000),
    "a command's answer": lambda: Answer(domain_world.a_busy_relationship(), position=42),
}


@pytest.mark.parametrize("reveals_private", [True, False], ids=["party", "staff"])
@pytest.mark.parametrize("state", STATES)
def test_the_compiled_dump_is_marshmallows_key_for_key(state: str, reveals_private: bool) -> None:
    answer = Answer(STATES[state](), reveals_private=reveals_private)

    compiled = RelationshipSchema().dump(answer)
    marshmallows = PrivateTextSchema.dump(RelationshipSchema(), answer)  # not compiled

    assert json.dumps(compiled) == json.dumps(marshmallows)


def test_a_relationship_dumped_for_a_party_shows_their_private_text() -> None:
    relationship = domain_world.a_busy_relationship()

    document = RelationshipSchema().dump(Answer(relationship, reveals_private=True))

    assert relationship.message is not None
    assert document["message"] == relationship.message


def test_a_relationship_dumped_without_the_services_decision_shows_no_private_text() -> None:
    relationship = domain_world.a_busy_relationship()

    compiled = RelationshipSchema().dump(relationship)
    marshmallows = PrivateTextSchema.dump(RelationshipSchema(), relationship)

    assert relationship.message is not None
    assert compiled["message"] is None
    assert marshmallows["message"] is None


@pytest.mark.parametrize("reveals_private", [True, False], ids=["party", "staff"])
def test_the_compiled_dump_shows_the_most_recent_parts_and_counts_them_all(
    reveals_private: bool,
) -> None:
    relationship = a_long_relationship(1000)()

    compiled = RelationshipSchema().dump(Answer(relationship, reveals_private=reveals_private))

    meetings, feedback = relationship.meeting_list, relationship.feedback
    assert min(len(meetings), len(feedback)) > RECENT  # so the parity above covers the cut
    assert [m["id"] for m in compiled["meetings"]] == [str(m.id) for m in meetings[-RECENT:]]
    assert [f["id"] for f in compiled["feedback"]] == [str(f.id) for f in feedback[-RECENT:]]
    assert (compiled["meetings_total"], compiled["feedback_total"]) == (
        len(meetings),
        len(feedback),
    )
