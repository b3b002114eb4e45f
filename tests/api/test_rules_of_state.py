"""Rules of state: 409 with a stable slug in `type`, and nothing recorded."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.http_world import AGENDA, BOUNDARIES, Programme

INVALID_TRANSITION = "/problems/invalid-transition"


@pytest.mark.parametrize(
    ("status", "actor", "name", "body"),
    [
        ("declined", "ana", "accept", {}),
        ("withdrawn", "ana", "decline", {"reason": "Too late."}),
        ("active", "budi", "withdraw", {}),
        ("active", "ana", "accept", {}),
        ("requested", "budi", "goals", {"text": "Speak at a meetup"}),
        ("paused", "budi", "goals", {"text": "Speak at a meetup"}),
        ("paused", "budi", "feedback", {"about": "attitude", "content": "Patient."}),
        ("paused", "ana", "pause", {"reason": "Again."}),
        ("active", "ana", "resume", {}),
        ("concluded", "budi", "pause", {"reason": "A break."}),
        ("concluded", "budi", "resume", {}),
        ("concluded", "ana", "conclude", {"outcome": "other"}),
        ("concluded", "budi", "boundaries", BOUNDARIES),
    ],
)
def test_a_command_the_status_does_not_allow_is_an_invalid_transition(
    programme: Programme, status: str, actor: str, name: str, body: dict[str, Any]
) -> None:
    relationship = programme.mentoring(status)
    before = relationship.state()["version"]

    answer = relationship.command(getattr(programme, actor).token, name, body)

    assert_problem(answer, 409, INVALID_TRANSITION)
    assert relationship.state()["version"] == before


def test_nobody_can_request_themselves(programme: Programme) -> None:
    answer = programme.ask(programme.budi, programme.budi)

    assert_problem(answer, 409, "/problems/self-request")


@pytest.mark.parametrize(
    ("requester", "invitee", "kind"),
    [
        ("budi", "citra", "mentoring"),
        ("ana", "budi", "mentoring"),
        ("citra", "ana", "peer"),
        ("citra", "dewi", "mentoring"),
    ],
)
def test_both_parties_need_roles_fitting_the_kind_of_request(
    programme: Programme, requester: str, invitee: str, kind: str
) -> None:
    answer = programme.ask(getattr(programme, requester), getattr(programme, invitee), kind)

    assert_problem(answer, 409, "/problems/not-enrolled")


def test_a_pair_has_one_open_relationship_per_programme(programme: Programme) -> None:
    programme.mentoring("active")

    answer = programme.ask(programme.budi, programme.ana)

    assert_problem(answer, 409, "/problems/already-open")


@pytest.mark.parametrize("ended", ["declined", "withdrawn", "concluded"])
def test_a_pair_may_ask_again_once_their_relationship_has_ended(
    programme: Programme, ended: str
) -> None:
    programme.mentoring(ended)

    answer = programme.ask(programme.budi, programme.ana)

    assert must(answer, 201)["status"] == "requested"


@pytest.mark.parametrize("agreement", ["boundaries/agree", "mode/agree"])
def test_agreeing_needs_an_open_proposal(programme: Programme, agreement: str) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(programme.ana.token, agreement)

    assert_problem(answer, 409, "/problems/no-open-proposal")


def test_proposing_the_mode_already_in_place_is_refused(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.budi.token, "mode", {"mode": "mentoring", "mentor_id": programme.ana.id}
    )

    assert_problem(answer, 409, "/problems/mode-unchanged")


def test_the_mentor_must_be_one_of_the_two_parties(programme: Programme) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.command(
        programme.budi.token, "mode", {"mode": "mentoring", "mentor_id": programme.citra.id}
    )

    assert_problem(answer, 409, "/problems/not-a-party")


@pytest.mark.parametrize("first", ["held", "cancel"])
@pytest.mark.parametrize("then", ["held", "cancel", "agenda"])
def test_a_meeting_is_held_or_cancelled_once_and_gets_its_agenda_before(
    programme: Programme, first: str, then: str
) -> None:
    relationship = programme.mentoring("active")
    meeting = relationship.schedule_meeting()
    bodies = {"held": {}, "cancel": {"reason": "Clash."}, "agenda": AGENDA}
    must(relationship.command(programme.budi.token, f"meetings/{meeting}/{first}", bodies[first]))

    answer = relationship.command(programme.budi.token, f"meetings/{meeting}/{then}", bodies[then])

    assert_problem(answer, 409, INVALID_TRANSITION)


def test_a_goal_is_achieved_once(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    goal = relationship.state()["goals"][0]["id"]
    must(relationship.command(programme.budi.token, f"goals/{goal}/achieve", {"note": "Done!"}))

    answer = relationship.command(programme.ana.token, f"goals/{goal}/achieve")

    assert_problem(answer, 409, INVALID_TRANSITION)


def test_agreed_boundaries_stay_in_force_until_a_new_proposal_is_agreed(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "boundaries", BOUNDARIES))
    must(relationship.command(programme.ana.token, "boundaries/agree"))
    monthly = {**BOUNDARIES, "meeting_every_days": 30, "channel": "phone"}

    proposed = must(relationship.command(programme.ana.token, "boundaries", monthly))
    agreed = must(relationship.command(programme.budi.token, "boundaries/agree"))

    assert proposed["boundaries"]["in_force"]["meeting_every_days"] == 14
    assert proposed["boundaries"]["proposed"]["meeting_every_days"] == 30
    assert agreed["boundaries"]["in_force"]["channel"] == "phone"
    assert agreed["boundaries"]["proposed"] is None


def test_in_peer_mode_there_is_no_mentee_and_either_party_may_become_the_mentor(
    programme: Programme,
) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "mode", {"mode": "peer"}))
    as_peers = must(relationship.command(programme.ana.token, "mode/agree"))
    budi_mentors = {"mode": "mentoring", "mentor_id": programme.budi.id}
    must(relationship.command(programme.ana.token, "mode", budi_mentors))

    swapped = must(relationship.command(programme.budi.token, "mode/agree"))

    assert (as_peers["mode"], as_peers["mentor_id"], as_peers["mentee_id"]) == ("peer", None, None)
    assert (swapped["mentor_id"], swapped["mentee_id"]) == (programme.budi.id, programme.ana.id)
