"""Who may act: 403 for what only the other party (or someone else) may do, 404 for outsiders."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.http_world import AGENDA, BOUNDARIES, Person, Programme


def test_the_requester_cannot_accept_their_own_request(programme: Programme) -> None:
    relationship = programme.mentoring("requested")

    answer = relationship.command(programme.budi.token, "accept")

    assert_problem(answer, 403)
    assert relationship.state()["status"] == "requested"


def test_the_requester_cannot_decline_their_own_request(programme: Programme) -> None:
    relationship = programme.mentoring("requested")

    answer = relationship.command(programme.budi.token, "decline", {"reason": "Changed my mind."})

    assert_problem(answer, 403)
    assert relationship.state()["status"] == "requested"


def test_the_invitee_cannot_withdraw_a_request_they_received(programme: Programme) -> None:
    relationship = programme.mentoring("requested")

    answer = relationship.command(programme.ana.token, "withdraw", {})

    assert_problem(answer, 403)
    assert relationship.state()["status"] == "requested"


def test_the_proposer_cannot_agree_their_own_boundaries(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "boundaries", BOUNDARIES))

    answer = relationship.command(programme.budi.token, "boundaries/agree")

    assert_problem(answer, 403)
    assert relationship.state()["boundaries"]["in_force"] is None


def test_the_proposer_cannot_agree_their_own_change_of_mode(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "mode", {"mode": "peer"}))

    answer = relationship.command(programme.budi.token, "mode/agree")

    assert_problem(answer, 403)
    assert relationship.state()["mode"] == "mentoring"


def test_the_mentor_cannot_write_the_mentees_agenda(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()

    answer = relationship.command(programme.ana.token, f"meetings/{meeting}/agenda", AGENDA)

    assert_problem(answer, 403)
    assert relationship.state()["meetings"][0]["agenda"] is None


def test_the_mentee_writes_the_agenda(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()

    answer = relationship.command(programme.budi.token, f"meetings/{meeting}/agenda", AGENDA)

    assert must(answer)["meetings"][0]["agenda"]["topics"] == AGENDA["topics"]


@pytest.mark.parametrize("writer", ["citra", "dewi"])
def test_either_peer_writes_the_agenda_in_peer_mode(programme: Programme, writer: str) -> None:
    relationship = programme.peers("active")
    meeting = relationship.schedule_meeting()
    token = getattr(programme, writer).token

    answer = relationship.command(token, f"meetings/{meeting}/agenda", AGENDA)

    assert must(answer)["meetings"][0]["agenda"]["prepared_by"] == getattr(programme, writer).id


COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("accept", {}),
    ("pause", {"reason": "A break."}),
    ("conclude", {"outcome": "other"}),
    ("goals", {"text": "Speak at a meetup"}),
    ("feedback", {"about": "attitude", "content": "Kind and curious."}),
    ("boundaries", BOUNDARIES),
]


@pytest.mark.parametrize(("name", "body"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_a_participant_who_is_not_a_party_acts_on_it_as_if_it_did_not_exist(
    programme: Programme, name: str, body: dict[str, Any]
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.citra.token, name, body)

    assert_problem(answer, 404)
    assert relationship.state()["version"] == 2


@pytest.mark.parametrize("what", ["state", "history"])
def test_a_participant_who_is_not_a_party_cannot_see_it(programme: Programme, what: str) -> None:
    relationship = programme.mentoring("active")

    answer = getattr(relationship, "read" if what == "state" else what)(programme.citra.token)

    assert_problem(answer, 404)


@pytest.mark.parametrize(("name", "body"), [(None, None), ("pause", {"reason": "A break."})])
def test_a_coordinator_of_another_programme_is_forbidden_to_read_or_act_on_it(
    programme: Programme, name: str | None, body: dict[str, Any] | None
) -> None:
    relationship = programme.mentoring("active")
    token = programme.other_coordinator

    answer = relationship.read(token) if name is None else relationship.command(token, name, body)

    assert_problem(answer, 403)
    assert relationship.state()["version"] == 2


@pytest.mark.parametrize("staff", ["coordinator", "admin"])
def test_its_coordinator_and_an_admin_pause_resume_and_conclude_it(
    programme: Programme, staff: str
) -> None:
    relationship = programme.mentoring("active")
    token = getattr(programme, staff)

    paused = relationship.command(token, "pause", {"reason": "Budi is on leave."})
    resumed = relationship.command(token, "resume")
    concluded = relationship.command(token, "conclude", {"outcome": "no_longer_needed"})

    assert [must(a)["status"] for a in (paused, resumed, concluded)] == [
        "paused",
        "active",
        "concluded",
    ]


def test_a_participant_not_enrolled_in_the_programme_cannot_ask(programme: Programme) -> None:
    registered = programme.api.post(
        "/api/participants", {"name": "Eko"}, token=programme.coordinator
    )
    eko_id = must(registered, 201)["id"]
    eko = Person(eko_id, programme.api.token(eko_id, ["participant"]))

    answer = programme.ask(eko, programme.ana)

    assert_problem(answer, 403)


def test_a_participant_token_naming_nobody_cannot_ask(programme: Programme) -> None:
    stranger = Person("nobody", programme.api.token("nobody", ["participant"]))

    answer = programme.ask(stranger, programme.ana)

    assert_problem(answer, 403)


def test_who_is_checked_before_state_when_the_requester_accepts_a_declined_request(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("declined")

    answer = relationship.command(programme.budi.token, "accept")

    assert_problem(answer, 403)


def test_who_is_checked_before_state_when_the_mentor_writes_an_agenda_for_a_held_meeting(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()
    must(relationship.command(programme.ana.token, f"meetings/{meeting}/held"))

    answer = relationship.command(programme.ana.token, f"meetings/{meeting}/agenda", AGENDA)

    assert_problem(answer, 403)


def test_who_is_checked_before_state_when_the_proposer_agrees_on_a_paused_relationship(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "boundaries", BOUNDARIES))
    must(relationship.command(programme.ana.token, "pause", {"reason": "Travelling."}))

    answer = relationship.command(programme.budi.token, "boundaries/agree")

    assert_problem(answer, 403)
