"""Programmes, participants and enrolments, and who may read them."""

from __future__ import annotations

import uuid

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.http_world import Programme

PROGRAM_FIELDS = {"id", "name", "description", "meeting_every_days", "coordinators", "created_at"}
PARTICIPANT_FIELDS = {"id", "name", "email", "expertise", "timezone", "programs"}


def test_a_coordinator_creates_a_programme_and_becomes_its_coordinator(api: ApiClient) -> None:
    token = api.token("coordinator-gina", ["coordinator"])
    body = {"name": "Graduate Engineers", "description": "Year one.", "meeting_every_days": 14}

    answer = api.post("/api/programs", body, token=token)

    program = must(answer, 201)
    assert program.keys() >= PROGRAM_FIELDS
    assert (program["name"], program["description"], program["meeting_every_days"]) == (
        "Graduate Engineers",
        "Year one.",
        14,
    )
    assert program["coordinators"] == ["coordinator-gina"]
    assert program["created_at"].endswith("Z")


def test_an_admin_creates_a_programme_with_only_a_name(api: ApiClient) -> None:
    token = api.token("admin-ivo", ["admin"])

    answer = api.post("/api/programs", {"name": "Night School"}, token=token)

    program = must(answer, 201)
    assert (program["description"], program["meeting_every_days"]) == (None, None)
    assert program["coordinators"] == ["admin-ivo"]


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x", "meeting_every_days": 0}])
def test_a_programme_needs_a_name_and_a_sensible_rhythm(
    api: ApiClient, body: dict[str, object]
) -> None:
    token = api.token("coordinator-gina", ["coordinator"])

    answer = api.post("/api/programs", body, token=token)

    assert assert_problem(answer, 422)["errors"]


@pytest.mark.parametrize("reader", ["coordinator", "admin"])
def test_its_coordinator_and_admins_read_a_programme(programme: Programme, reader: str) -> None:
    answer = programme.api.get(f"/api/programs/{programme.id}", token=getattr(programme, reader))

    program = must(answer)
    assert (program["id"], program["name"]) == (programme.id, "Graduate Engineers")
    assert program["coordinators"] == [programme.coordinator_sub]


def test_a_coordinator_of_another_programme_may_not_read_it(programme: Programme) -> None:
    answer = programme.api.get(f"/api/programs/{programme.id}", token=programme.other_coordinator)

    assert_problem(answer, 403)


def test_a_coordinator_registers_a_participant(programme: Programme) -> None:
    body = {
        "name": "Eko",
        "email": "eko@example.org",
        "expertise": ["Kotlin", "Kubernetes"],
        "timezone": "Asia/Jakarta",
    }

    answer = programme.api.post("/api/participants", body, token=programme.coordinator)

    participant = must(answer, 201)
    assert participant.keys() >= PARTICIPANT_FIELDS
    assert {k: participant[k] for k in body} == body
    assert participant["programs"] == []


def test_a_participant_reads_themselves_with_their_programmes(programme: Programme) -> None:
    answer = programme.api.get(f"/api/participants/{programme.ana.id}", token=programme.ana.token)

    participant = must(answer)
    assert (participant["id"], participant["name"]) == (programme.ana.id, "Ana")
    assert participant["programs"] == [{"program_id": programme.id, "roles": ["mentor"]}]


@pytest.mark.parametrize("reader", ["coordinator", "admin"])
def test_coordinators_of_their_programme_and_admins_read_a_participant(
    programme: Programme, reader: str
) -> None:
    answer = programme.api.get(
        f"/api/participants/{programme.budi.id}", token=getattr(programme, reader)
    )

    assert must(answer)["name"] == "Budi"


def test_a_participant_cannot_read_another_participant(programme: Programme) -> None:
    answer = programme.api.get(f"/api/participants/{programme.ana.id}", token=programme.budi.token)

    assert_problem(answer, 404)


@pytest.mark.parametrize("reader", ["other_coordinator", "auditor"])
def test_staff_outside_the_participants_programmes_may_not_read_them(
    programme: Programme, reader: str
) -> None:
    answer = programme.api.get(
        f"/api/participants/{programme.ana.id}", token=getattr(programme, reader)
    )

    assert_problem(answer, 403)


def test_a_coordinator_enrols_a_participant_with_roles(programme: Programme) -> None:
    registered = programme.api.post(
        "/api/participants", {"name": "Eko"}, token=programme.coordinator
    )
    eko = must(registered, 201)["id"]

    answer = programme.api.post(
        f"/api/programs/{programme.id}/enrollments",
        {"participant_id": eko, "roles": ["mentee", "peer"]},
        token=programme.coordinator,
    )

    enrolment = must(answer, 201)
    assert (enrolment["program_id"], enrolment["participant_id"]) == (programme.id, eko)
    assert sorted(enrolment["roles"]) == ["mentee", "peer"]
    assert isinstance(enrolment["position"], int)
    read = must(programme.api.get(f"/api/participants/{eko}", token=programme.coordinator))
    assert [(p["program_id"], sorted(p["roles"])) for p in read["programs"]] == [
        (programme.id, ["mentee", "peer"])
    ]


def test_an_admin_enrols_in_any_programme(programme: Programme) -> None:
    body = {"participant_id": programme.citra.id, "roles": ["mentor"]}

    answer = programme.api.post(
        f"/api/programs/{programme.id}/enrollments", body, token=programme.admin
    )

    assert must(answer, 201)["roles"] == ["mentor"]


def test_a_coordinator_of_another_programme_may_not_enrol_in_it(programme: Programme) -> None:
    body = {"participant_id": programme.citra.id, "roles": ["mentor"]}

    answer = programme.api.post(
        f"/api/programs/{programme.id}/enrollments", body, token=programme.other_coordinator
    )

    assert_problem(answer, 403)


def test_enrolling_a_participant_who_does_not_exist_is_refused(programme: Programme) -> None:
    body = {"participant_id": str(uuid.uuid4()), "roles": ["mentor"]}

    answer = programme.api.post(
        f"/api/programs/{programme.id}/enrollments", body, token=programme.coordinator
    )

    assert "participant_id" in assert_problem(answer, 422)["errors"]


def test_requesting_in_a_programme_that_does_not_exist_is_refused(programme: Programme) -> None:
    answer = programme.ask(programme.budi, programme.ana, program_id=str(uuid.uuid4()))

    assert "program_id" in assert_problem(answer, 422)["errors"]


def test_a_coordinator_reads_whom_they_registered_only_until_enrolled_elsewhere(
    programme: Programme,
) -> None:
    registered = programme.api.post(
        "/api/participants", {"name": "Eko"}, token=programme.other_coordinator
    )
    eko = must(registered, 201)["id"]
    before = programme.api.get(f"/api/participants/{eko}", token=programme.other_coordinator)
    enrolment = {"participant_id": eko, "roles": ["mentee"]}
    must(
        programme.api.post(
            f"/api/programs/{programme.id}/enrollments", enrolment, token=programme.admin
        ),
        201,
    )

    after = programme.api.get(f"/api/participants/{eko}", token=programme.other_coordinator)

    assert must(before)["id"] == eko
    assert_problem(after, 403)
    assert must(programme.api.get(f"/api/participants/{eko}", token=programme.coordinator))
