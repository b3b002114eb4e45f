"""Mentoring lineage: who mentored someone, whom they mentor, and the generations after."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_problem
from tests.support.api import ApiClient
from tests.support.http_world import Person, Programme
from tests.support.view_reads import Views


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def people(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["participant_id"] for entry in entries]


def three_generations(views: Views, programme: Programme) -> Person:
    """Ana mentors Budi, who went on to mentor Eko; answers Eko."""
    budi = programme.join(programme.budi, "mentee", "mentor")
    eko = programme.enrol("Eko", "mentee")
    views.relationship(programme, budi, programme.ana)
    views.relationship(programme, eko, budi)
    return eko


def test_a_mentee_who_became_a_mentor_was_mentored_by_one_and_mentors_another(
    views: Views, programme: Programme
) -> None:
    eko = three_generations(views, programme)

    lineage = views.lineage(programme.coordinator, programme.budi.id)

    assert lineage["participant_id"] == programme.budi.id
    assert people(lineage["mentored_by"]) == [programme.ana.id]
    assert people(lineage["mentoring"]) == [eko.id]
    assert {entry["program_id"] for entry in lineage["mentored_by"] + lineage["mentoring"]} == {
        programme.id
    }
    assert lineage["descendants"] == []


def test_the_first_mentor_sees_the_mentees_mentee_as_generation_2(
    views: Views, programme: Programme
) -> None:
    eko = three_generations(views, programme)

    lineage = views.lineage(programme.coordinator, programme.ana.id)

    assert people(lineage["mentored_by"]) == []
    assert people(lineage["mentoring"]) == [programme.budi.id]
    assert lineage["descendants"] == [{"participant_id": eko.id, "generation": 2}]


def test_each_mentorship_names_its_relationship_and_since_when(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)

    (entry,) = views.lineage(programme.coordinator, programme.budi.id)["mentored_by"]

    assert entry["relationship_id"] == relationship.id
    assert entry["since"].endswith("Z")


def test_an_unanswered_request_is_no_mentorship(views: Views, programme: Programme) -> None:
    views.relationship(programme, programme.budi, programme.ana, status="requested")

    lineage = views.lineage(programme.coordinator, programme.budi.id)

    assert lineage["mentored_by"] == lineage["mentoring"] == []


def test_reverse_mentoring_makes_the_former_mentee_a_mentor_of_their_mentor(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)

    views.shift(relationship, mentor=programme.budi)

    lineage = views.lineage(programme.coordinator, programme.budi.id)
    assert people(lineage["mentored_by"]) == [programme.ana.id]
    assert people(lineage["mentoring"]) == [programme.ana.id]
    figures = views.figures(programme.coordinator, programme.id)
    assert figures["mentees_who_became_mentors"] == 1


@pytest.mark.parametrize("who", ["coordinator", "admin", "budi"])
def test_coordinators_admins_and_the_participant_read_the_lineage(
    views: Views, programme: Programme, who: str
) -> None:
    three_generations(views, programme)
    token = programme.budi.token if who == "budi" else getattr(programme, who)

    lineage = views.lineage(token, programme.budi.id)

    assert people(lineage["mentored_by"]) == [programme.ana.id]


def test_another_participant_finds_no_such_lineage(views: Views, programme: Programme) -> None:
    three_generations(views, programme)

    answer = views.api.get(
        f"/api/participants/{programme.budi.id}/lineage", token=programme.citra.token
    )

    assert_problem(answer, 404)


@pytest.mark.parametrize("who", ["other_coordinator", "auditor"])
def test_staff_without_a_programme_of_theirs_may_not_read_it(
    views: Views, programme: Programme, who: str
) -> None:
    answer = views.api.get(
        f"/api/participants/{programme.budi.id}/lineage", token=getattr(programme, who)
    )

    assert_problem(answer, 403)


def test_a_coordinator_sees_only_the_mentorships_of_their_programmes(
    views: Views, programme: Programme
) -> None:
    views.relationship(programme, programme.budi, programme.ana)
    night_school = programme.other_programme()
    programme.join(programme.budi, "mentee", into=night_school)
    mentor = programme.enrol("Fajar", "mentor", into=night_school)
    views.relationship(programme, programme.budi, mentor, into=night_school)

    ours = views.lineage(programme.coordinator, programme.budi.id)
    theirs = views.lineage(programme.other_coordinator, programme.budi.id)

    assert people(ours["mentored_by"]) == [programme.ana.id]
    assert people(theirs["mentored_by"]) == [mentor.id]
    both = views.lineage(programme.budi.token, programme.budi.id)
    assert people(both["mentored_by"]) == [programme.ana.id, mentor.id]


def test_the_lineage_can_be_asked_to_wait_for_a_position(views: Views) -> None:
    document = views.api.get("/openapi.json").body

    operation = document["paths"]["/api/participants/{participant_id}/lineage"]["get"]

    assert "after" in {parameter["name"] for parameter in operation.get("parameters", [])}
