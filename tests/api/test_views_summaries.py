"""Relationship summaries: what they hold, as JSON or a spreadsheet, and who sees which."""

from __future__ import annotations

import pytest

from tests.support.answers import assert_problem
from tests.support.api import ApiClient
from tests.support.http_world import Programme
from tests.support.view_reads import Views, assert_no_private_text

SUMMARY_FIELDS = {
    "id",
    "program_id",
    "status",
    "mode",
    "mentor_id",
    "mentee_id",
    "parties",
    "meetings_held",
    "last_meeting_at",
    "next_meeting_due",
    "health",
    "updated_at",
}


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def test_a_summary_holds_what_the_contract_names(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    held_at = views.met(relationship, days_ago=2)

    (item,) = views.items(programme.coordinator)

    assert item.keys() >= SUMMARY_FIELDS, item
    assert item["parties"] == [programme.budi.id, programme.ana.id]
    assert (item["mentor_id"], item["mentee_id"]) == (programme.ana.id, programme.budi.id)
    assert (item["status"], item["mode"], item["meetings_held"]) == ("active", "mentoring", 1)
    assert item["last_meeting_at"] == held_at
    assert item["program_id"] == programme.id


def test_peers_have_neither_mentor_nor_mentee_in_their_summary(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)

    views.shift(relationship, mentor=None)

    (item,) = views.items(programme.coordinator)
    assert (item["mode"], item["mentor_id"], item["mentee_id"]) == ("peer", None, None)


# --- spreadsheets -----------------------------------------------------------------------------


def test_asking_for_csv_answers_a_header_row_and_one_row_per_relationship(
    views: Views, programme: Programme
) -> None:
    mentoring = views.relationship(programme, programme.budi, programme.ana)
    views.met(mentoring, days_ago=60)
    peers = views.relationship(programme, programme.citra, programme.dewi, "peer", "requested")

    rows = views.csv_rows(programme.coordinator, program_id=programme.id)

    assert [row["id"] for row in rows] == [mentoring.id, peers.id]
    assert {"id", "program_id", "status", "mode", "health"} <= set(rows[0])
    assert [(r["status"], r["mode"], r["health"]) for r in rows] == [
        ("active", "mentoring", "needs_check_in"),
        ("requested", "peer", ""),
    ]
    assert_no_private_text(rows)


def test_an_empty_spreadsheet_still_has_its_header_row(views: Views, programme: Programme) -> None:
    answer = views.listing(programme.coordinator, headers={"Accept": "text/csv"})

    assert answer.content_type.startswith("text/csv"), answer.headers
    assert answer.body.splitlines()[0].startswith("id,"), answer.body
    assert len(answer.body.splitlines()) == 1, answer.body


def test_a_spreadsheet_page_links_to_the_next(views: Views, programme: Programme) -> None:
    first = views.relationship(programme, programme.budi, programme.ana)
    second = views.relationship(programme, programme.citra, programme.dewi, "peer")

    answer = views.listing(programme.coordinator, limit=1, headers={"Accept": "text/csv"})

    assert first.id in answer.body
    assert second.id not in answer.body
    assert 'rel="next"' in answer.headers["link"], answer.headers
    assert "cursor=" in answer.headers["link"], answer.headers


# --- who sees what ----------------------------------------------------------------------------


def test_a_coordinator_lists_only_the_programmes_they_coordinate(
    views: Views, programme: Programme
) -> None:
    ours = views.relationship(programme, programme.budi, programme.ana)

    assert views.ids(programme.coordinator) == [ours.id]
    assert views.ids(programme.other_coordinator) == []


def test_a_coordinator_filtering_on_another_programme_is_not_allowed(
    views: Views, programme: Programme
) -> None:
    views.relationship(programme, programme.budi, programme.ana)

    answer = views.listing(programme.other_coordinator, program_id=programme.id)

    assert_problem(answer, 403)


def test_a_participant_lists_only_their_own_relationships(
    views: Views, programme: Programme
) -> None:
    mentoring = views.relationship(programme, programme.budi, programme.ana)
    views.relationship(programme, programme.citra, programme.dewi, "peer")

    assert views.ids(programme.budi.token) == [mentoring.id]
    assert views.ids(programme.ana.token, program_id=programme.id) == [mentoring.id]
    assert views.ids(programme.budi.token, participant_id=programme.citra.id) == []


def test_an_auditor_may_not_list_relationships(views: Views, programme: Programme) -> None:
    assert_problem(views.listing(programme.auditor), 403)


def test_an_admin_lists_relationships_of_every_programme(
    views: Views, programme: Programme
) -> None:
    mentoring = views.relationship(programme, programme.budi, programme.ana)
    peers = views.relationship(programme, programme.citra, programme.dewi, "peer")

    listed = [
        item["id"]
        for page in views.every_page(programme.admin, limit=200)
        for item in page["items"]
    ]

    assert [i for i in listed if i in (mentoring.id, peers.id)] == [mentoring.id, peers.id]


def test_summaries_never_carry_private_text(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.agree_every(relationship, 14)
    views.met(relationship, days_ago=2)
    feedback = {"about": "performance", "content": "private: clear and kind"}
    views.did(relationship.command(programme.ana.token, "feedback", feedback))

    for token in (programme.coordinator, programme.admin, programme.budi.token):
        items = views.items(token, program_id=programme.id)
        assert [item["id"] for item in items] == [relationship.id]
        assert_no_private_text(items)
