"""The compiled dump of a relationship answers exactly what marshmallow's own dump answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, g
from marshmallow import Schema

from domain import Relationship
from tests.benchmarks.long_history import live
from tests.unit import builders
from web.answers import Answer
from web.schemas.relationships import RECENT, RelationshipSchema


def a_long_relationship(events: int) -> Callable[[], Relationship]:
    def build() -> Relationship:
        relationship = builders.a_request()
        live(relationship, builders.BUDI, builders.ANA, events)
        return relationship

    return build


STATES: dict[str, Callable[[], Any]] = {
    "requested": builders.a_request,
    "active": builders.an_active_relationship,
    "peers": builders.a_peer_relationship,
    "declined": builders.a_declined_request,
    "withdrawn": builders.a_withdrawn_request,
    "busy": builders.a_busy_relationship,
    "paused": builders.a_paused_relationship,
    "concluded": builders.a_concluded_relationship,
    "boundaries proposed": a_long_relationship(3),
    "paused mid-life": a_long_relationship(117),
    "mode shift proposed": a_long_relationship(522),
    "in peer mode": a_long_relationship(560),
    "long": a_long_relationship(1000),
    "a command's answer": lambda: Answer(builders.a_busy_relationship(), position=42),
}


@pytest.mark.parametrize("reveal_private", [True, False], ids=["party", "staff"])
@pytest.mark.parametrize("state", STATES)
def test_the_compiled_dump_is_marshmallows_key_for_key(state: str, reveal_private: bool) -> None:
    relationship = STATES[state]()

    with Flask(__name__).app_context():
        g.reveal_private = reveal_private
        compiled = RelationshipSchema().dump(relationship)
        marshmallows = Schema.dump(RelationshipSchema(), relationship)

    assert json.dumps(compiled) == json.dumps(marshmallows)


@pytest.mark.parametrize("reveal_private", [True, False], ids=["party", "staff"])
def test_the_compiled_dump_shows_the_most_recent_parts_and_counts_them_all(
    reveal_private: bool,
) -> None:
    relationship = a_long_relationship(1000)()

    with Flask(__name__).app_context():
        g.reveal_private = reveal_private
        compiled = RelationshipSchema().dump(relationship)

    meetings, feedback = relationship.meeting_list, relationship.feedback
    assert min(len(meetings), len(feedback)) > RECENT  # so the parity above covers the cut
    assert [m["id"] for m in compiled["meetings"]] == [str(m.id) for m in meetings[-RECENT:]]
    assert [f["id"] for f in compiled["feedback"]] == [str(f.id) for f in feedback[-RECENT:]]
    assert (compiled["meetings_total"], compiled["feedback_total"]) == (
        len(meetings),
        len(feedback),
    )
