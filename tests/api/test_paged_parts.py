"""The paged meetings and feedback: the state's readers, its private text, its past, bad queries."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.http_world import AGENDA, Programme, Relationship
from tests.support.parts import PART_LISTS, a_busy_relationship, page

SECRET = "between us"


def with_private_text(programme: Programme) -> Relationship:
    """A held meeting with an agenda and a summary, and feedback, each with private text."""
    relationship = programme.mentoring()
    meeting = relationship.schedule_meeting(programme.ana.token)
    must(relationship.command(programme.budi.token, f"meetings/{meeting}/agenda", AGENDA))
    held = {"summary": f"{SECRET}: the review went well"}
    must(relationship.command(programme.ana.token, f"meetings/{meeting}/held", held))
    feedback = {"about": "performance", "content": f"{SECRET}: clear and kind"}
    must(relationship.command(programme.ana.token, "feedback", feedback))
    return relationship


def private_text(relationship: Relationship, token: str) -> list[Any]:
    [meeting] = page(relationship, token, "meetings")["items"]
    [feedback] = page(relationship, token, "feedback")["items"]
    agenda = meeting["agenda"]
    return [
        meeting["summary"],
        agenda["topics"],
        agenda["progress_reflection"],
        feedback["content"],
    ]


@pytest.mark.parametrize("reader", ["ana", "budi"])
def test_the_parties_read_the_private_text_of_every_paged_item(
    programme: Programme, reader: str
) -> None:
    relationship = with_private_text(programme)

    shown = private_text(relationship, getattr(programme, reader).token)

    assert shown == [
        f"{SECRET}: the review went well",
        AGENDA["topics"],
        AGENDA["progress_reflection"],
        f"{SECRET}: clear and kind",
    ]


@pytest.mark.parametrize("reader", ["coordinator", "admin"])
def test_staff_read_paged_items_without_their_private_text(
    programme: Programme, reader: str
) -> None:
    relationship = with_private_text(programme)

    shown = private_text(relationship, getattr(programme, reader))

    assert shown == [None, None, None, None]


@pytest.mark.parametrize("parts", PART_LISTS)
def test_a_participant_outside_the_relationship_finds_no_paged_list(
    programme: Programme, parts: str
) -> None:
    relationship = with_private_text(programme)

    answer = relationship.read(programme.citra.token, f"/{parts}")

    assert_problem(answer, 404)


@pytest.mark.parametrize("reader", ["other_coordinator", "auditor"])
@pytest.mark.parametrize("parts", PART_LISTS)
def test_staff_who_may_not_read_the_state_may_not_page_it(
    programme: Programme, parts: str, reader: str
) -> None:
    relationship = with_private_text(programme)

    answer = relationship.read(getattr(programme, reader), f"/{parts}")

    assert_problem(answer, 403)


def test_a_version_pages_the_items_as_they_stood_then(programme: Programme) -> None:
    relationship = programme.mentoring()
    meeting = relationship.schedule_meeting()
    before = must(
        relationship.command(
            programme.ana.token, "feedback", {"about": "attitude", "content": "Calm."}
        )
    )
    must(relationship.command(programme.ana.token, f"meetings/{meeting}/held", {}))
    must(
        relationship.command(
            programme.budi.token, "feedback", {"about": "behaviour", "content": "Kind."}
        )
    )

    meetings = page(relationship, programme.budi.token, "meetings", version=before["version"])
    feedback = page(relationship, programme.budi.token, "feedback", version=before["version"])

    assert [m["status"] for m in meetings["items"]] == ["scheduled"]
    assert [f["content"] for f in feedback["items"]] == ["Calm."]


def test_a_moment_pages_the_items_as_they_stood_then(programme: Programme) -> None:
    relationship = programme.mentoring()
    meeting = relationship.schedule_meeting()
    before = must(
        relationship.command(
            programme.ana.token, "feedback", {"about": "attitude", "content": "Calm."}
        )
    )
    must(relationship.command(programme.ana.token, f"meetings/{meeting}/held", {}))
    must(
        relationship.command(
            programme.budi.token, "feedback", {"about": "behaviour", "content": "Kind."}
        )
    )

    meetings = page(relationship, programme.budi.token, "meetings", as_of=before["updated_at"])
    feedback = page(relationship, programme.budi.token, "feedback", as_of=before["updated_at"])

    assert [m["status"] for m in meetings["items"]] == ["scheduled"]
    assert [f["content"] for f in feedback["items"]] == ["Calm."]


def test_paged_lists_answer_the_version_they_reflect_as_their_etag(programme: Programme) -> None:
    relationship = with_private_text(programme)

    answer = relationship.read(programme.budi.token, "/feedback?version=3")

    assert must(answer)["items"] == []
    assert answer.headers["etag"] == '"3"'


def cursor_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


BAD_QUERIES = {
    "limit 0": "limit=0",
    "limit over 200": "limit=201",
    "limit not a number": "limit=many",
    "cursor not base64": "cursor=%25%25%25",
    "cursor of no item": f"cursor={cursor_of('not an item')}",
    "cursor of nothing": f"cursor={cursor_of('')}",
    "cursor too long": f"cursor={'A' * 101}",
    "unknown parameter": "page=2",
    "both moments": "version=2&as_of=2030-01-01T00:00:00Z",
    "version 0": "version=0",
}


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
@pytest.mark.parametrize("parts", PART_LISTS)
def test_a_bad_page_query_is_a_validation_failure(
    programme: Programme, parts: str, query: str
) -> None:
    relationship = with_private_text(programme)

    answer = relationship.read(programme.budi.token, f"/{parts}?{query}")

    assert_problem(answer, 422)


def test_a_cursor_from_the_other_list_is_a_validation_failure(programme: Programme) -> None:
    busy = a_busy_relationship(programme, count=3)
    meetings = page(busy.relationship, programme.budi.token, "meetings", limit=1)

    answer = busy.relationship.read(
        programme.budi.token, f"/feedback?cursor={meetings['next_cursor']}"
    )

    assert_problem(answer, 422)


def test_a_cursor_naming_an_item_that_did_not_exist_then_is_a_validation_failure(
    programme: Programme,
) -> None:
    busy = a_busy_relationship(programme, count=3)
    now = page(busy.relationship, programme.budi.token, "feedback", limit=2)

    answer = busy.relationship.read(
        programme.budi.token, f"/feedback?version=4&cursor={now['next_cursor']}"
    )

    assert_problem(answer, 422)
