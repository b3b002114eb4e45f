"""Cohorts, backtests and the list as of a moment, over HTTP: their answers, CSV, who may ask,
and bad input. (What they compute, over histories told on a moving clock, is tested in
tests/integration: test_cohorts.py, test_backtests.py, test_the_past_matches_a_replay.py.)"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiResponse
from tests.support.app import ONE_STORE
from tests.support.http_world import Programme
from tests.support.moments import parse_time, rfc3339
from tests.support.view_reads import Views
from web.schemas.analytics import CSV_COLUMNS


@pytest.fixture
def views(programme: Programme) -> Views:
    return Views(programme.api)


def cohorts(views: Views, programme: Programme, token: str = "", **query: Any) -> ApiResponse:
    params = urlencode({"after": views.position, **query})
    path = f"/api/programs/{programme.id}/cohorts?{params}"
    return views.api.get(path, token=token or programme.coordinator)


def backtest(programme: Programme, body: dict[str, Any], token: str = "") -> ApiResponse:
    path = f"/api/programs/{programme.id}/backtests"
    return programme.api.post(path, body, token=token or programme.coordinator)


def a_month(views: Views, programme: Programme) -> None:
    """Budi and Ana met last week; Citra asked Dewi, who declined."""
    mentoring = views.relationship(programme, programme.budi, programme.ana)
    views.met(mentoring, days_ago=0)
    views.relationship(programme, programme.citra, programme.dewi, "peer", status="declined")


def test_this_months_cohort_counts_its_requests_and_milestones(
    views: Views, programme: Programme
) -> None:
    a_month(views, programme)

    answer = must(cohorts(views, programme))

    (cohort,) = answer["cohorts"]
    assert cohort["period"] == f"{datetime.now(UTC):%Y-%m}"
    assert cohort["relationships"] == 2
    assert cohort["reached"]["accepted"] == cohort["reached"]["first_meeting_held"] == 1
    assert cohort["median_days"]["requested_to_accepted"] is not None
    assert answer["position"] >= views.position and answer["as_of"] is None


def test_cohorts_read_as_csv_a_row_each(views: Views, programme: Programme) -> None:
    a_month(views, programme)
    csv_query = {"by": "quarter"}

    answer = views.api.get(
        f"/api/programs/{programme.id}/cohorts?{urlencode({'after': views.position, **csv_query})}",
        token=programme.coordinator,
        headers={"Accept": "text/csv"},
    )

    assert answer.status == 200 and answer.content_type.startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(answer.body)))
    assert tuple(row) == CSV_COLUMNS
    assert (row["relationships"], row["accepted"]) == ("2", "1")
    quarter = (datetime.now(UTC).month - 1) // 3 + 1
    assert row["period"] == f"{datetime.now(UTC).year}-Q{quarter}"


def test_before_the_programme_had_requests_there_are_no_cohorts(
    views: Views, programme: Programme
) -> None:
    a_month(views, programme)
    before = rfc3339(datetime.now(UTC) - timedelta(days=400))

    answer = must(cohorts(views, programme, as_of=before))

    assert (answer["cohorts"], answer["position"]) == ([], 0)
    assert parse_time(answer["as_of"]) == parse_time(before)


def versions(views: Views, programme: Programme) -> list[int]:
    """The version of each relationship built, as an admin reads it."""
    read = (views.api.get(f"/api/relationships/{r}", token=programme.admin) for r in views.created)
    return [must(answer)["version"] for answer in read]


def test_a_backtest_answers_what_it_flagged_and_records_nothing(
    views: Views, programme: Programme
) -> None:
    a_month(views, programme)
    now = datetime.now(UTC)
    span = {"from": rfc3339(now - timedelta(days=30)), "to": rfc3339(now)}
    before = views.figures(programme.coordinator, programme.id), versions(views, programme)

    answer = must(backtest(programme, {"check_in_after_days": 7, **span}))

    assert (answer["relationships"], answer["flagged"]) == (1, 0)
    assert answer["not_flagged_by_outcome"]["not_concluded"] == 1
    assert answer["check_in_after_days"] == 7 and set(answer) >= {"from", "to", "position"}
    assert answer["position"] >= views.position  # it reflects every command before it
    after = views.figures(programme.coordinator, programme.id), versions(views, programme)
    assert ({**after[0], "position": 0}, after[1]) == ({**before[0], "position": 0}, before[1])


@ONE_STORE
def test_its_coordinators_and_admins_ask_and_nobody_else(
    views: Views, programme: Programme
) -> None:
    span = {"check_in_after_days": 7, "from": "2024-01-01T00:00:00Z", "to": "2024-02-01T00:00:00Z"}
    expected = {
        programme.coordinator: 200,
        programme.admin: 200,
        programme.other_coordinator: 403,
        programme.auditor: 403,
        programme.budi.token: 403,
    }

    asked = {token: cohorts(views, programme, token).status for token in expected}
    tested = {token: backtest(programme, span, token).status for token in expected}

    assert asked == tested == expected
    elsewhere = f"/api/programs/{uuid.uuid4()}"
    assert_problem(views.api.get(f"{elsewhere}/cohorts", token=programme.admin), 404)
    assert_problem(views.api.post(f"{elsewhere}/backtests", span, token=programme.admin), 404)
    assert_problem(views.api.get(f"/api/programs/{programme.id}/cohorts"), 401)


@ONE_STORE
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"by": "week"}, "by"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "9999-12-31T23:59:59Z"}, "as_of"),
        ({"since": "2024-01-01T00:00:00Z"}, "since"),
    ],
)
def test_a_bad_cohort_query_is_a_validation_failure(
    views: Views, programme: Programme, query: dict[str, str], field: str
) -> None:
    assert field in assert_problem(cohorts(views, programme, **query), 422)["errors"]


SPAN = {"check_in_after_days": 14, "from": "2024-01-01T00:00:00Z", "to": "2024-03-01T00:00:00Z"}


@ONE_STORE
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"check_in_after_days": 0}, "check_in_after_days"),
        ({"check_in_after_days": 91}, "check_in_after_days"),
        ({"check_in_after_days": "14"}, "check_in_after_days"),
        ({"from": None}, "from"),
        ({"to": "2024-03-01"}, "to"),
        ({"to": "9999-12-31T23:59:59Z"}, "to"),
        ({"to": "2023-12-31T00:00:00Z"}, "to"),
        ({"from": "2024-03-01T00:00:00Z"}, "to"),
        ({"flag": True}, "flag"),
    ],
)
def test_a_bad_backtest_is_a_validation_failure(
    programme: Programme, change: dict[str, Any], field: str
) -> None:
    body = {**SPAN, **change}

    answer = backtest(programme, {k: v for k, v in body.items() if v is not None})

    assert field in assert_problem(answer, 422)["errors"], answer.body


def test_the_list_as_of_a_moment_is_the_list_read_at_that_moment(
    views: Views, programme: Programme
) -> None:
    a_month(views, programme)
    read_then = views.items(programme.coordinator, program_id=programme.id)
    moment = max(item["updated_at"] for item in read_then)
    views.did(
        views.api.post(
            f"/api/relationships/{read_then[0]['id']}/pause",
            {"reason": "Exams."},
            token=programme.budi.token,
        )
    )

    asked_later = views.items(programme.coordinator, program_id=programme.id, as_of=moment)

    assert asked_later == read_then
    assert asked_later[0]["status"] == "active"


@ONE_STORE
def test_the_list_as_of_a_moment_needs_a_programme(views: Views, programme: Programme) -> None:
    answer = views.listing(programme.admin, as_of="2024-01-01T00:00:00Z")

    assert "as_of" in assert_problem(answer, 422)["errors"]
