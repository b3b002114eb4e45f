"""A programme's status: its figures, who may read them, and reading them after a command."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.support.answers import assert_problem
from tests.support.api import ApiClient
from tests.support.http_world import Programme
from tests.support.view_reads import Views, assert_no_private_text


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def busy_programme(views: Views, programme: Programme) -> None:
    """Four relationships, each doing something the status counts.

    Budi and Ana: a goal added and achieved, a meeting held 3 days ago, one cancelled, one
    next week, feedback both ways (on track). Citra and Dewi, peers: feedback (too early).
    Eko asked Ana and was declined. Fajar and Gita: last met 60 days ago (needs a check-in),
    became peers and returned to mentoring with Fajar, the former mentee, as the mentor.
    """
    eko, fajar = programme.enrol("Eko", "mentee"), programme.enrol("Fajar", "mentee")
    gita = programme.enrol("Gita", "mentor")
    ana, budi, citra = programme.ana, programme.budi, programme.citra

    mentoring = views.relationship(programme, budi, ana)
    goal = views.did(mentoring.command(budi.token, "goals", {"text": "Present at the guild"}))
    goal_id = next(g["id"] for g in goal["goals"] if g["text"] == "Present at the guild")
    views.did(mentoring.command(ana.token, f"goals/{goal_id}/achieve", {}))
    views.met(mentoring, days_ago=3)
    cancelled = views.plan(mentoring, in_days=2)
    views.did(mentoring.command(ana.token, f"meetings/{cancelled}/cancel", {"reason": "Ill."}))
    views.plan(mentoring, in_days=7)
    views.did(mentoring.command(ana.token, "feedback", {"about": "attitude", "content": "x"}))
    views.did(mentoring.command(budi.token, "feedback", {"about": "behaviour", "content": "y"}))

    peers = views.relationship(programme, citra, programme.dewi, "peer")
    views.did(peers.command(citra.token, "feedback", {"about": "relationship", "content": "z"}))

    views.relationship(programme, eko, ana, status="declined")

    shifting = views.relationship(programme, fajar, gita)
    views.met(shifting, days_ago=60)
    views.shift(shifting, mentor=None)
    views.shift(shifting, mentor=fajar)


BUSY_FIGURES: dict[str, Any] = {
    "relationships": {
        "total": 4,
        "by_status": {
            "requested": 0,
            "active": 3,
            "paused": 0,
            "declined": 1,
            "withdrawn": 0,
            "concluded": 0,
        },
        "by_mode": {"mentoring": 3, "peer": 1},
    },
    "meetings": {"held": 2, "cancelled": 1, "upcoming": 1},
    "health": {"too_early": 1, "on_track": 1, "needs_check_in": 1},
    "goals": {"set": 5, "achieved": 1},
    "feedback": {"mentor_to_mentee": 1, "mentee_to_mentor": 1, "between_peers": 1},
    "shifts": {"to_peer": 1, "to_mentoring": 1},
    "mentees_who_became_mentors": 1,
}


def test_the_status_counts_everything_that_happened_in_the_programme(
    views: Views, programme: Programme
) -> None:
    busy_programme(views, programme)

    figures = views.figures(programme.coordinator, programme.id)

    assert figures["program_id"] == programme.id
    assert figures["position"] >= views.position
    assert {key: figures[key] for key in BUSY_FIGURES} == BUSY_FIGURES
    assert_no_private_text(figures)


def test_the_status_of_an_empty_programme_is_all_zeros(views: Views, programme: Programme) -> None:
    figures = views.figures(programme.coordinator, programme.id)

    assert figures["relationships"]["total"] == 0
    assert set(figures["relationships"]["by_status"].values()) == {0}
    assert figures["health"] == {"too_early": 0, "on_track": 0, "needs_check_in": 0}
    assert figures["mentees_who_became_mentors"] == 0


def test_the_status_counts_only_its_own_programme(views: Views, programme: Programme) -> None:
    views.relationship(programme, programme.budi, programme.ana)
    evening_class = programme.own_programme()

    figures = views.figures(programme.coordinator, evening_class)

    assert figures["relationships"]["total"] == 0


def test_a_meeting_in_the_past_never_held_is_not_upcoming(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.plan(relationship, in_days=-1)
    views.plan(relationship, in_days=30)

    assert views.figures(programme.coordinator, programme.id)["meetings"]["upcoming"] == 1


def test_a_mentee_who_mentors_in_two_relationships_counts_once(
    views: Views, programme: Programme
) -> None:
    budi = programme.join(programme.budi, "mentee", "mentor")
    eko, fajar = programme.enrol("Eko", "mentee"), programme.enrol("Fajar", "mentee")
    views.relationship(programme, budi, programme.ana)
    views.relationship(programme, eko, budi)
    views.relationship(programme, fajar, budi)

    figures = views.figures(programme.coordinator, programme.id)

    assert figures["mentees_who_became_mentors"] == 1


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_its_coordinators_and_admins_read_the_status(
    views: Views, programme: Programme, who: str
) -> None:
    views.relationship(programme, programme.budi, programme.ana)

    figures = views.figures(getattr(programme, who), programme.id)

    assert figures["relationships"]["by_status"]["active"] == 1


@pytest.mark.parametrize("who", ["other_coordinator", "auditor", "budi"])
def test_nobody_else_reads_the_status(views: Views, programme: Programme, who: str) -> None:
    token = programme.budi.token if who == "budi" else getattr(programme, who)

    assert_problem(views.status(token, programme.id), 403)


def test_the_status_of_no_programme_is_not_found(views: Views, programme: Programme) -> None:
    assert_problem(views.status(programme.admin, str(uuid.uuid4())), 404)


def test_the_status_without_a_token_is_unauthorized(views: Views, programme: Programme) -> None:
    answer = views.api.get(f"/api/programs/{programme.id}/status")

    assert_problem(answer, 401)
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_the_status_after_a_command_reflects_it(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    conclusion = {"outcome": "goals_met", "reflection": "private: grew a lot"}
    views.did(relationship.command(programme.ana.token, "conclude", conclusion))

    figures = views.figures(programme.coordinator, programme.id)

    assert figures["relationships"]["by_status"]["concluded"] == 1
    assert figures["relationships"]["by_status"]["active"] == 0
    assert figures["position"] >= views.position


@pytest.mark.parametrize("after", ["-1", "soon", "1.5"])
def test_a_malformed_after_is_a_validation_failure(
    views: Views, programme: Programme, after: str
) -> None:
    answer = views.api.get(
        f"/api/programs/{programme.id}/status?after={after}", token=programme.coordinator
    )

    assert "after" in assert_problem(answer, 422)["errors"]


def test_an_unknown_query_parameter_is_a_validation_failure(
    views: Views, programme: Programme
) -> None:
    assert_problem(views.status(programme.coordinator, programme.id, since="2020-01-01"), 422)


def test_readiness_reports_the_views_position_and_lag(views: Views, programme: Programme) -> None:
    views.relationship(programme, programme.budi, programme.ana)
    views.figures(programme.coordinator, programme.id)  # the views have caught up with it

    ready = views.api.get("/readyz").body

    projection = ready["projections"]["views"]
    assert projection["position"] >= views.position
    assert projection["lag"] == ready["position"] - projection["position"] >= 0
