"""A relationship's document stays small however long it lives; every item is paged."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.values import Actor
from tests.support.answers import must
from tests.support.http_world import Person, Programme, Relationship
from tests.support.parts import (
    MORE_THAN_RECENT,
    PART_LISTS,
    RECENT,
    a_busy_relationship,
    every_page,
    page,
)
from tests.support.tampering import in_process

LONG = 3000
FOUR_KB = "x" * 4000
SMALL_ANSWER = 300_000  # bytes: fifty pieces of 4 KB feedback and the rest of the document
SAVE_EVERY = 100


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_the_state_holds_the_fifty_most_recent_meetings_and_feedback_with_totals(
    programme: Programme,
) -> None:
    busy = a_busy_relationship(programme)

    state = busy.relationship.state()

    assert ids(state["meetings"]) == busy.meetings[-RECENT:]
    assert ids(state["feedback"]) == busy.feedback[-RECENT:]
    assert (state["meetings_total"], state["feedback_total"]) == (MORE_THAN_RECENT,) * 2


def test_a_command_answers_the_same_fifty_most_recent_items(programme: Programme) -> None:
    busy = a_busy_relationship(programme)

    answer = busy.relationship.command(programme.budi.token, "goals", {"text": "Mentor others"})

    state = must(answer)
    assert ids(state["meetings"]) == busy.meetings[-RECENT:]
    assert ids(state["feedback"]) == busy.feedback[-RECENT:]
    assert (state["meetings_total"], state["feedback_total"]) == (MORE_THAN_RECENT,) * 2


@pytest.mark.parametrize("parts", PART_LISTS)
def test_paging_walks_every_item_exactly_once_in_the_states_order(
    programme: Programme, parts: str
) -> None:
    busy = a_busy_relationship(programme)

    pages = every_page(busy.relationship, programme.ana.token, parts, limit=7)

    walked = [item["id"] for each in pages for item in each["items"]]
    assert walked == busy.ids(parts)
    assert [len(each["items"]) for each in pages] == [7] * 7 + [6]
    assert walked[-RECENT:] == ids(busy.relationship.state()[parts])


@pytest.mark.parametrize("parts", PART_LISTS)
def test_a_page_holds_fifty_items_unless_asked_otherwise(programme: Programme, parts: str) -> None:
    busy = a_busy_relationship(programme)

    pages = every_page(busy.relationship, programme.budi.token, parts)

    assert [len(each["items"]) for each in pages] == [RECENT, MORE_THAN_RECENT - RECENT]


def test_a_meeting_scheduled_before_the_cursor_is_not_listed_again(programme: Programme) -> None:
    busy = a_busy_relationship(programme, count=6)
    relationship, token = busy.relationship, programme.ana.token
    first = page(relationship, token, "meetings", limit=3)
    earliest = {"scheduled_for": "2001-01-01T09:00:00Z", "duration_minutes": 30, "mode": "phone"}
    must(relationship.command(token, "meetings", earliest), 201)

    rest = every_page(relationship, token, "meetings", limit=3, cursor=first["next_cursor"])

    assert ids(first["items"]) + [i for each in rest for i in ids(each["items"])] == busy.meetings


def give_feedback_in_bulk(app: Any, relationship: Relationship, giver: Person) -> None:
    """Records LONG pieces of feedback as the command does, a hundred a save, in this process:
    the same events as LONG commands, in a fraction of their time."""
    tandem = app.extensions["services"].tandem
    for _ in range(LONG // SAVE_EVERY):
        aggregate = tandem.repository.get(UUID(relationship.id))
        for _ in range(SAVE_EVERY):
            aggregate.give_feedback(Actor(giver.id), "performance", FOUR_KB, None)
        tandem.save(aggregate)


@in_process
def test_a_command_on_a_long_relationship_answers_a_small_document(
    app: Any, programme: Programme
) -> None:
    relationship = programme.mentoring()
    give_feedback_in_bulk(app, relationship, programme.ana)
    body = {"about": "relationship", "content": FOUR_KB}

    answer = relationship.command(programme.budi.token, "feedback", body)

    state = must(answer)
    assert (len(state["feedback"]), state["feedback_total"]) == (RECENT, LONG + 1)
    assert state["feedback"][-1]["about"] == "relationship"
    assert int(answer.headers["content-length"]) < SMALL_ANSWER


@in_process
@pytest.mark.parametrize("query", ["", "?version=2000"])
def test_reading_a_long_relationship_answers_a_small_document(
    app: Any, programme: Programme, query: str
) -> None:
    relationship = programme.mentoring()
    give_feedback_in_bulk(app, relationship, programme.ana)

    answer = relationship.read(programme.budi.token, query)

    state = must(answer)
    assert (len(state["feedback"]), state["meetings"]) == (RECENT, [])
    assert state["feedback_total"] == (LONG if not query else 2000 - 2)
    assert int(answer.headers["content-length"]) < SMALL_ANSWER
