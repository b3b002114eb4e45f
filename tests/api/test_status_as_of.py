"""A programme's status as of a moment: exactly as it stood then, whatever happened since.

Moments are taken from the server's own answers (`updated_at`, `created_at`), so the tests
hold against a live server whose clock is not the test's.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.app import ONE_STORE
from tests.support.audit import staff
from tests.support.http_world import Programme
from tests.support.moments import parse_time, rfc3339
from tests.support.view_reads import Views

Figures = dict[str, Any]


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def as_of(views: Views, programme: Programme, moment: datetime | str, token: str = "") -> Any:
    text = moment if isinstance(moment, str) else rfc3339(moment)
    return views.status(token or programme.coordinator, programme.id, as_of=text)


def without(figures: Figures, *keys: str) -> Figures:
    return {key: value for key, value in figures.items() if key not in keys}


def counts(figures: Any) -> list[int]:
    """Every count in the status, however deeply nested."""
    if isinstance(figures, dict):
        return [n for key, value in figures.items() if key != "position" for n in counts(value)]
    return [figures] if isinstance(figures, int) and not isinstance(figures, bool) else []


def quarter(views: Views, programme: Programme) -> str:
    """Budi and Ana with a goal and a meeting next week; Citra and Dewi, peers, with feedback.
    Answers the moment of the last of it, by the server's clock."""
    mentoring = views.relationship(programme, programme.budi, programme.ana)
    views.plan(mentoring, in_days=7)
    peers = views.relationship(programme, programme.citra, programme.dewi, "peer")
    feedback = {"about": "relationship", "content": "private: you listen well"}
    views.did(peers.command(programme.citra.token, "feedback", feedback))
    last = views.did(mentoring.command(programme.budi.token, "goals", {"text": "Present"}))
    return str(last["updated_at"])


def test_the_status_as_of_a_moment_is_the_status_read_at_that_moment(
    views: Views, programme: Programme
) -> None:
    end_of_quarter = quarter(views, programme)
    read_then = views.figures(programme.coordinator, programme.id)

    asked_later = must(as_of(views, programme, end_of_quarter))

    assert without(asked_later, "as_of", "position") == without(read_then, "position")
    assert asked_later["as_of"] == end_of_quarter
    assert views.position <= asked_later["position"] <= read_then["position"]
    elsewhere = parse_time(end_of_quarter).astimezone(timezone(timedelta(hours=-5))).isoformat()
    assert must(as_of(views, programme, elsewhere)) == asked_later


def test_the_status_as_of_a_moment_stays_the_same_whatever_happens_since(
    views: Views, programme: Programme
) -> None:
    end_of_quarter = quarter(views, programme)
    first = must(as_of(views, programme, end_of_quarter))
    read_then = views.figures(programme.coordinator, programme.id)
    mentoring, peers = views.created
    budi, citra = programme.budi.token, programme.citra.token
    views.did(
        views.api.post(f"/api/relationships/{peers}/pause", {"reason": "Exams."}, token=citra)
    )
    goal = {"text": "Mentor someone"}
    views.did(views.api.post(f"/api/relationships/{mentoring}/goals", goal, token=budi))
    ending = {"outcome": "goals_met"}
    views.did(views.api.post(f"/api/relationships/{mentoring}/conclude", ending, token=budi))
    views.relationship(
        programme, programme.enrol("Eko", "mentee"), programme.ana, status="declined"
    )

    again = must(as_of(views, programme, end_of_quarter))

    assert again == first
    assert must(as_of(views, programme, end_of_quarter)) == first
    now = views.figures(programme.coordinator, programme.id)
    assert without(now, "position") != without(read_then, "position"), "nothing happened since"
    assert now["relationships"]["by_status"]["concluded"] == 1


def test_an_event_counts_from_the_very_moment_it_happened(
    views: Views, programme: Programme
) -> None:
    asked = views.did(programme.ask(programme.budi, programme.ana), 201)
    moment = parse_time(asked["created_at"])

    at = must(as_of(views, programme, moment))
    just_before = must(as_of(views, programme, moment - timedelta(microseconds=1)))

    assert at["relationships"]["total"] == at["relationships"]["by_status"]["requested"] == 1
    assert just_before["relationships"]["total"] == 0


@pytest.mark.parametrize("earlier", [timedelta(microseconds=1), timedelta(days=90)])
def test_before_the_programme_existed_every_figure_is_zero(
    views: Views, programme: Programme, earlier: timedelta
) -> None:
    quarter(views, programme)
    created = parse_time(
        must(views.api.get(f"/api/programs/{programme.id}", token=programme.coordinator))[
            "created_at"
        ]
    )

    before = must(as_of(views, programme, created - earlier))

    assert set(counts(before)) == {0}, before
    assert (before["program_id"], before["position"]) == (programme.id, 0)
    assert parse_time(before["as_of"]) == created - earlier
    assert must(as_of(views, programme, created - earlier)) == before


@ONE_STORE
def test_a_moment_still_to_come_is_a_validation_failure(views: Views, programme: Programme) -> None:
    for moment in (datetime.now(UTC) + timedelta(minutes=1), "9999-12-31T23:59:59Z"):
        answer = as_of(views, programme, moment)

        assert "as_of" in assert_problem(answer, 422)["errors"], moment


@ONE_STORE
@pytest.mark.parametrize(
    "moment", ["yesterday", "2026-01-07", "2026-01-07T10:00:00", "2026-13-01T00:00:00Z", ""]
)
def test_a_malformed_moment_is_a_validation_failure(api: ApiClient, moment: str) -> None:
    path = f"/api/programs/{uuid.uuid4()}/status?as_of={moment}"

    answer = api.get(path, token=staff(api, "coordinator"))

    assert "as_of" in assert_problem(answer, 422)["errors"]


@ONE_STORE
def test_its_coordinators_and_admins_read_its_past_status_and_nobody_else(
    views: Views, programme: Programme
) -> None:
    moment = quarter(views, programme)
    expected = {
        programme.coordinator: 200,
        programme.admin: 200,
        programme.other_coordinator: 403,
        programme.auditor: 403,
        programme.budi.token: 403,
    }

    found = {token: as_of(views, programme, moment, token).status for token in expected}

    assert found == expected
    assert_problem(as_of(views, programme, moment, programme.auditor), 403)
    unknown = f"/api/programs/{uuid.uuid4()}/status?as_of={moment}"
    assert_problem(views.api.get(unknown, token=programme.admin), 404)
    assert_problem(views.api.get(f"/api/programs/{programme.id}/status?as_of={moment}"), 401)
